import { describe, expect, it } from "vitest";
import { csvField, csvRow } from "../../lib/export/csv";

describe("csvField", () => {
  it("leaves plain text, numbers and booleans as they are", () => {
    expect(csvField("token.created")).toBe("token.created");
    expect(csvField(42)).toBe("42");
    expect(csvField(false)).toBe("false");
    expect(csvField("ünïcødé…")).toBe("ünïcødé…");
  });

  it("writes null and undefined as empty fields", () => {
    expect(csvField(null)).toBe("");
    expect(csvField(undefined)).toBe("");
  });

  it("quotes a field holding a comma, a quote or a line break, doubling inner quotes", () => {
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("line\nbreak")).toBe('"line\nbreak"');
    expect(csvField("carriage\rreturn")).toBe('"carriage\rreturn"');
    expect(csvField('"')).toBe('""""');
  });

  it("quotes leading or trailing whitespace so spreadsheet tools keep it", () => {
    expect(csvField(" padded")).toBe('" padded"');
    expect(csvField("padded\t")).toBe('"padded\t"');
    expect(csvField("in side")).toBe("in side");
  });

  it("writes objects as JSON, quoted because JSON has quotes", () => {
    expect(csvField({ a: 1, b: "x,y" })).toBe('"{""a"":1,""b"":""x,y""}"');
    expect(csvField([1, 2])).toBe('"[1,2]"');
  });
});

describe("csvRow", () => {
  it("joins fields with commas and ends with CRLF", () => {
    expect(csvRow(["seq", 1, null, 'a "b"'])).toBe('seq,1,,"a ""b"""\r\n');
    expect(csvRow([])).toBe("\r\n");
  });
});
