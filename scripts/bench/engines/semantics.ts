// Tollgate's documented condition semantics (API.md "Policy") as plain functions, for the other
// engines to call as custom operators (json-rules-engine) or custom functions (casbin).
// Written independently of lib/policy on purpose: if either side drifts from the contract, the
// benchmark's agreement gate and tests/unit/bench catch it instead of both sharing one bug.
//
// - A missing field (undefined or null) makes every test false, except an `exists: false`.
// - Numbers compare only with numbers ("5" is not 5), so an absent amount is never `lt 500`.
// - eq/ne/in are type-strict and deep; on a list field `in` means "some element is listed".
// - Globs: `*` is any run of characters (dots and newlines too); all else is literal.

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

/** op `matches`: a string field, or some string element of a list field, matches the glob. */
export function matchesGlob(v: unknown, pattern: string): boolean {
  if (typeof v === "string") return globRegExp(pattern).test(v);
  return Array.isArray(v) && v.some((x) => typeof x === "string" && globRegExp(pattern).test(x));
}

export function eq(v: unknown, want: unknown): boolean {
  return present(v) && sameJson(v, want);
}

export function ne(v: unknown, want: unknown): boolean {
  return present(v) && !sameJson(v, want);
}

/** op `in`; `notInList` is op `nin` (both false when the field is missing). */
export function inList(v: unknown, list: readonly unknown[]): boolean {
  if (!present(v)) return false;
  if (Array.isArray(v)) return v.some((x) => listed(x, list));
  return listed(v, list);
}

export function notInList(v: unknown, list: readonly unknown[]): boolean {
  if (!present(v)) return false;
  if (Array.isArray(v)) return !v.some((x) => listed(x, list));
  return !listed(v, list);
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

function listed(x: unknown, list: readonly unknown[]): boolean {
  return list.some((item) => sameJson(x, item));
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
