import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "../../lib/domain/intents/intent-cursor";

const cursorOf = (text: string) => Buffer.from(text).toString("base64url");

describe("keyset cursors", () => {
  it("round-trips the key of a row", () => {
    const row = { createdAt: new Date("2026-03-01T12:34:56.789Z"), id: "int_0123456789ABCDEFGHIJ" };
    expect(decodeCursor(encodeCursor(row))).toEqual(row);
  });

  // Each of these reached PostgreSQL and failed there as a 500 (found by the route fuzzer).
  it.each([
    ["1970-01-01T00:00:00.000Z|a\u0000b"],
    ["-271821-04-20T00:00:00.000Z|int_x"],
    ["+275760-09-13T00:00:00.000Z|int_x"],
    ["0000-01-01T00:00:00Z|int_x"],
    ["+010000-01-01T00:00:00Z|int_x"],
    [`2026-03-01T00:00:00Z|${"x".repeat(65)}`],
  ])("refuses %j as a 422 naming the cursor", (text) => {
    expect(() => decodeCursor(cursorOf(text))).toThrow(expect.objectContaining({ code: "validation_failed", details: { issues: [{ path: ["cursor"], message: "invalid cursor" }] } }));
  });

  it("refuses garbage and a missing id as before", () => {
    for (const text of ["garbage", "2026-03-01T00:00:00Z", "2026-03-01T00:00:00Z|", "not a date|int_x"]) {
      expect(() => decodeCursor(cursorOf(text)), text).toThrow(expect.objectContaining({ code: "validation_failed" }));
    }
  });
});
