import { describe, expect, it } from "vitest";
import { lineDiff, stableJson } from "../../lib/diff/line-diff";

describe("lineDiff", () => {
  it("marks kept, removed and added lines in order", () => {
    expect(lineDiff("a\nb\nc", "a\nx\nc")).toEqual([
      { kind: "same", text: "a" },
      { kind: "remove", text: "b" },
      { kind: "add", text: "x" },
      { kind: "same", text: "c" },
    ]);
  });

  it("handles pure insertions and deletions at either end", () => {
    expect(lineDiff("b", "a\nb\nc").map((l) => l.kind)).toEqual(["add", "same", "add"]);
    expect(lineDiff("a\nb\nc", "b").map((l) => l.kind)).toEqual(["remove", "same", "remove"]);
  });

  it("falls back to remove-all/add-all past the size limit instead of stalling", () => {
    const out = lineDiff("a\nb", "a\nc", 1);
    expect(out).toEqual([
      { kind: "remove", text: "a" },
      { kind: "remove", text: "b" },
      { kind: "add", text: "a" },
      { kind: "add", text: "c" },
    ]);
  });
});

describe("stableJson", () => {
  it("sorts keys recursively so equal objects print the same", () => {
    expect(stableJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).toBe(stableJson({ a: { c: null, d: [{ y: 2, z: 1 }] }, b: 1 }));
    expect(stableJson({ b: 1, a: 2 }).indexOf('"a"')).toBeLessThan(stableJson({ b: 1, a: 2 }).indexOf('"b"'));
  });
});
