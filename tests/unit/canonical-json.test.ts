import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson, compareCodePoints, hashCanonical, sha256Hex } from "../../lib/canonical-json";

describe("canonicalJson", () => {
  it("sorts keys recursively and drops whitespace", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: "x" } })).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it("is independent of insertion order", () => {
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });

  it("follows JSON.stringify for primitives and strings", () => {
    expect(canonicalJson(null)).toBe("null");
    expect(canonicalJson(true)).toBe("true");
    expect(canonicalJson(1.5)).toBe("1.5");
    expect(canonicalJson(-0)).toBe("0");
    expect(canonicalJson(1e21)).toBe("1e+21");
    expect(canonicalJson('quote " slash \\ newline \n é 😀')).toBe(JSON.stringify('quote " slash \\ newline \n é 😀'));
    expect(canonicalJson("\ud800")).toBe('"\\ud800"');
  });

  it("drops undefined, functions and symbols in objects; nulls them in arrays", () => {
    expect(canonicalJson({ a: undefined, b: () => 1, c: Symbol("s"), d: 1 })).toBe('{"d":1}');
    expect(canonicalJson([undefined, () => 1, 2])).toBe("[null,null,2]");
  });

  it("uses toJSON (dates become ISO strings)", () => {
    expect(canonicalJson({ at: new Date("2024-01-02T03:04:05.000Z") })).toBe('{"at":"2024-01-02T03:04:05.000Z"}');
  });

  it("rejects non-finite numbers, bigints, cycles and a bare undefined", () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/non-finite/);
    expect(() => canonicalJson([Number.POSITIVE_INFINITY])).toThrow(/non-finite/);
    expect(() => canonicalJson(BigInt(1))).toThrow(/bigint/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/cyclic/);
    expect(() => canonicalJson(undefined)).toThrow();
  });

  it("rejects absurd nesting with a clear error rather than a stack overflow", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 999; i++) deep = [deep];
    expect(canonicalJson(deep)).toBe(`${"[".repeat(999)}1${"]".repeat(999)}`);
    expect(() => canonicalJson(JSON.parse(`${"[".repeat(50_000)}${"]".repeat(50_000)}`))).toThrow(/deeper than 1000/);
  });

  it("allows the same object twice when it is not a cycle", () => {
    const shared = { k: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"k":1},"b":{"k":1}}');
  });

  it("orders keys by code point, not UTF-16 code unit", () => {
    // U+1F600 (surrogates D83D DE00) sorts after U+FF21 by code point but before it by code unit.
    expect(canonicalJson({ "\u{1F600}": 1, "\uFF21": 2, b: 3, a: 4, B: 5 })).toBe('{"B":5,"a":4,"b":3,"Ａ":2,"😀":1}');
    expect(compareCodePoints("a", "ab")).toBeLessThan(0);
    expect(compareCodePoints("b", "a")).toBeGreaterThan(0);
    expect(compareCodePoints("x", "x")).toBe(0);
  });
});

describe("hashing", () => {
  it("sha256Hex hashes UTF-8", () => {
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256Hex("é")).toBe(createHash("sha256").update(Buffer.from("c3a9", "hex")).digest("hex"));
  });

  it("hashCanonical prefixes sha256: and ignores key order", () => {
    const h = hashCanonical({ b: [1, 2], a: "x" });
    expect(h).toBe(`sha256:${sha256Hex('{"a":"x","b":[1,2]}')}`);
    expect(hashCanonical({ a: "x", b: [1, 2] })).toBe(h);
    expect(hashCanonical({ a: "x", b: [2, 1] })).not.toBe(h);
  });
});
