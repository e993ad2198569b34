// Tollgate's documented condition semantics (API.md "Policy") as plain functions, for the other
// engines to call as custom operators (json-rules-engine) or custom functions (casbin).
// Written independently of lib/policy on purpose: if either side drifts from the contract, the
// benchmark's agreement gate and tests/unit/bench catch it instead of both sharing one bug.
//
// `when` leaves are three-valued: leafTruth() answers T, F or U (unknown).
// - A missing field (undefined or null) is U for every op except `exists`, which is never U.
// - Numbers compare only with numbers: "5", true, a list or an object is U, never 0 or false.
// - eq compares values of the same JSON type deeply (else U; a null operand is F); ne = not eq.
// - in = any of eq over the listed values, and over the elements of a list field (a null element
//   is U); nin = not in. matches globs a string, any string element of a list field (other
//   elements U), and is U for anything else.
// - The translators combine leaves Kleene-style and let an allow rule match only a T `when`, a
//   deny or require_approval rule every `when` that is not F (see isTrue / notFalse below).
// - `match` keys stay two-valued: a missing or null intent field fails them.
// - Globs: `*` is any run of characters (dots and newlines too); all else is literal.

export type Truth = "T" | "F" | "U";

const globCache = new Map<string, RegExp>();

/** The anchored RegExp for a glob, compiled once per pattern. */
export function globRegExp(pattern: string): RegExp {
  let re = globCache.get(pattern);
  if (re === undefined) {
    const body = pattern.split("*").map((piece) => piece.replace(/[\\^$.|?+()[\]{}]/g, "\\$&")).join("[\\s\\S]*");
    re = new RegExp(`^${body}$`);
    globCache.set(pattern, re);
  }
  return re;
}

export function present(v: unknown): boolean {
  return v !== undefined && v !== null;
}

/** A `match` key: the intent's string field matches one of the patterns. */
export function globAny(v: unknown, patterns: readonly string[]): boolean {
  if (typeof v !== "string") return false;
  for (const p of patterns) if (globRegExp(p).test(v)) return true;
  return false;
}

/** `match.risk_tags`: every listed pattern is matched by some tag the intent carries. */
export function carriesAll(tags: unknown, patterns: readonly string[]): boolean {
  if (!Array.isArray(tags)) return false;
  return patterns.every((p) => tags.some((t) => typeof t === "string" && globRegExp(p).test(t)));
}

/** A `when` leaf's truth value: op applied to the field value `v` and the rule's `want`. */
export function leafTruth(op: string, v: unknown, want: unknown): Truth {
  if (op === "exists") return present(v) === (want !== false) ? "T" : "F";
  if (!present(v)) return "U";
  switch (op) {
    case "lt":
    case "lte":
    case "gt":
    case "gte": {
      if (!isNumber(v) || Number.isNaN(v)) return "U";
      const n = want as number;
      const holds = op === "lt" ? v < n : op === "lte" ? v <= n : op === "gt" ? v > n : v >= n;
      return holds ? "T" : "F";
    }
    case "eq":
      return eqTruth(v, want);
    case "ne":
      return not(eqTruth(v, want));
    case "in":
      return inTruth(v, want as readonly unknown[]);
    case "nin":
      return not(inTruth(v, want as readonly unknown[]));
    case "matches":
      if (Array.isArray(v)) return anyOf(v, (x) => globTruth(x, want as string));
      return globTruth(v, want as string);
    default:
      throw new Error(`unknown op ${op}`);
  }
}

/** The leaf is T: what an allow rule needs. */
export function isTrue(op: string, v: unknown, want: unknown): boolean {
  return leafTruth(op, v, want) === "T";
}

/** The leaf is T or U: what a deny or require_approval rule needs. */
export function notFalse(op: string, v: unknown, want: unknown): boolean {
  return leafTruth(op, v, want) !== "F";
}

function not(t: Truth): Truth {
  return t === "T" ? "F" : t === "F" ? "T" : "U";
}

/** Kleene `any` over xs: T if some x is T, else U if some x is U, else F (also for no xs). */
function anyOf<X>(xs: readonly X[], truthOf: (x: X) => Truth): Truth {
  let result: Truth = "F";
  for (const x of xs) {
    const t = truthOf(x);
    if (t === "T") return "T";
    if (t === "U") result = "U";
  }
  return result;
}

function jsonType(x: unknown): string {
  return x === null ? "null" : Array.isArray(x) ? "list" : typeof x;
}

function eqTruth(v: unknown, want: unknown): Truth {
  if (want === null) return "F";
  if (jsonType(v) !== jsonType(want)) return "U";
  return sameJson(v, want) ? "T" : "F";
}

function inTruth(v: unknown, list: readonly unknown[]): Truth {
  const memberTruth = (x: unknown): Truth => (present(x) ? anyOf(list, (item) => eqTruth(x, item)) : "U");
  return Array.isArray(v) ? anyOf(v, memberTruth) : memberTruth(v);
}

function globTruth(v: unknown, pattern: string): Truth {
  if (typeof v !== "string") return "U";
  return globRegExp(pattern).test(v) ? "T" : "F";
}

export function isNumber(v: unknown): v is number {
  return typeof v === "number";
}

/** `payload.<path>` / `context.<path>`: own properties and canonical array indexes only. */
export function readPath(root: unknown, path: string): unknown {
  let cur = root;
  for (const key of splitPath(path)) {
    if (cur === null || typeof cur !== "object") return undefined;
    if (Array.isArray(cur)) {
      if (!/^(?:0|[1-9]\d*)$/.test(key)) return undefined;
      cur = cur[Number(key)];
    } else {
      if (!Object.hasOwn(cur, key)) return undefined;
      cur = (cur as Record<string, unknown>)[key];
    }
  }
  return cur ?? undefined;
}

const pathCache = new Map<string, readonly string[]>();

function splitPath(path: string): readonly string[] {
  let keys = pathCache.get(path);
  if (keys === undefined) {
    keys = path.split(".");
    pathCache.set(path, keys);
  }
  return keys;
}

/** Deep, type-strict JSON equality; key order is irrelevant. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  }
  const ka = Object.keys(a);
  const rb = b as Record<string, unknown>;
  return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(rb, k) && sameJson((a as Record<string, unknown>)[k], rb[k]));
}
