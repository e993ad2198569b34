import { createHash } from "node:crypto";

// Canonical JSON: the one byte sequence we hash for payloads, policy snapshots and the
// audit chain. Same output as JSON.stringify (including toJSON and how strings are escaped)
// except that object keys are sorted by Unicode code point and nothing is ever lossy:
// non-finite numbers, bigints and cycles throw instead of silently becoming null or failing late.

/** Deeper input throws a clear error instead of overflowing the stack. */
export const CANONICAL_JSON_MAX_DEPTH = 1000;

export function canonicalJson(value: unknown): string {
  const out = write(value, new Set<object>(), "");
  if (out === undefined) throw new TypeError("canonicalJson: value has no JSON representation");
  return out;
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

export function hashCanonical(value: unknown): string {
  return `sha256:${sha256Hex(canonicalJson(value))}`;
}

// Returns undefined where JSON.stringify would omit the value (undefined, functions, symbols).
function write(input: unknown, seen: Set<object>, key: string): string | undefined {
  let value = input;
  if (value !== null && (typeof value === "object" || typeof value === "bigint")) {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === "function") value = toJSON.call(value, key);
  }
  switch (typeof value) {
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: non-finite number ${value}`);
      return JSON.stringify(value);
    case "bigint":
      throw new TypeError("canonicalJson: bigint is not representable in JSON");
    case "undefined":
    case "function":
    case "symbol":
      return undefined;
  }
  if (value === null) return "null";
  const obj = value as object;
  if (seen.has(obj)) throw new TypeError("canonicalJson: cyclic structure");
  if (seen.size >= CANONICAL_JSON_MAX_DEPTH) {
    throw new TypeError(`canonicalJson: nested deeper than ${CANONICAL_JSON_MAX_DEPTH} levels`);
  }
  seen.add(obj);
  let out: string;
  if (Array.isArray(obj)) {
    const parts: string[] = [];
    for (let i = 0; i < obj.length; i++) parts.push(write(obj[i], seen, String(i)) ?? "null");
    out = `[${parts.join(",")}]`;
  } else {
    const record = obj as Record<string, unknown>;
    const parts: string[] = [];
    for (const k of Object.keys(record).sort(compareCodePoints)) {
      const v = write(record[k], seen, k);
      if (v !== undefined) parts.push(`${JSON.stringify(k)}:${v}`);
    }
    out = `{${parts.join(",")}}`;
  }
  seen.delete(obj);
  return out;
}

// Array#sort's default order is by UTF-16 code unit, which puts astral characters (surrogate
// pairs) before U+E000..U+FFFF. Shifting code units this way yields code point order instead.
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}
