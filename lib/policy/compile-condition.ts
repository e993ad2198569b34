import { compileGlob } from "./glob";
import { jsonEqual } from "./json-equal";
import type { TCondition, TLeafCondition } from "./schema";
import type { IntentFacts } from "./types";

// `when` conditions → closures, once per snapshot. Semantics (see API.md "Policy"):
// - A field the intent lacks (missing, undefined or null) makes every leaf false except
//   `exists`. No defaults are invented: a missing amount is not 0.
// - `not` is plain boolean negation of its child, so `not {amount lt 100}` is TRUE for an
//   intent without an amount (the leaf is false). Write `exists` explicitly to require presence.
// - lt/lte/gt/gte only compare numbers with numbers; "5" is not a number.
// - eq/ne are deep and type-strict; in/nin test membership, and for an array field
//   (risk_tags, payload lists) `in` means "some element is listed", `nin` "no element is listed".

export type FactTest = (facts: IntentFacts) => boolean;
/** Returns the field's value, or undefined when the intent lacks it (null counts as lacking). */
export type FieldGetter = (facts: IntentFacts) => unknown;

const hasOwn = Object.prototype.hasOwnProperty;
const ARRAY_INDEX = /^(?:0|[1-9]\d*)$/;

export function compileCondition(condition: TCondition): FactTest {
  if ("all" in condition) {
    const tests = condition.all.map(compileCondition);
    return (f) => {
      for (let i = 0; i < tests.length; i++) if (!(tests[i] as FactTest)(f)) return false;
      return true;
    };
  }
  if ("any" in condition) {
    const tests = condition.any.map(compileCondition);
    return (f) => {
      for (let i = 0; i < tests.length; i++) if ((tests[i] as FactTest)(f)) return true;
      return false;
    };
  }
  if ("not" in condition) {
    const test = compileCondition(condition.not);
    return (f) => !test(f);
  }
  return compileLeaf(condition);
}

export function compileField(field: string): FieldGetter {
  switch (field) {
    case "action":
      return (f) => f.action ?? undefined;
    case "agent":
      return (f) => f.agent ?? undefined;
    case "stage":
      return (f) => f.stage ?? undefined;
    case "environment":
      return (f) => f.environment ?? undefined;
    case "destination":
      return (f) => f.destination ?? undefined;
    case "amount":
      return (f) => f.amount ?? undefined;
    case "risk_tags":
      return (f) => f.riskTags ?? undefined;
  }
  const [root, ...keys] = field.split(".");
  const indexes = keys.map((k) => (ARRAY_INDEX.test(k) ? Number(k) : -1));
  const walk = (start: unknown): unknown => {
    let cur = start;
    for (let i = 0; i < keys.length; i++) {
      if (cur === null || typeof cur !== "object") return undefined;
      if (Array.isArray(cur)) {
        const index = indexes[i] as number;
        if (index < 0 || index >= cur.length) return undefined;
        cur = cur[index];
      } else {
        // Own properties only: `payload.constructor` must not reach Object's prototype.
        const key = keys[i] as string;
        if (!hasOwn.call(cur, key)) return undefined;
        cur = (cur as Record<string, unknown>)[key];
      }
    }
    return cur ?? undefined;
  };
  return root === "payload" ? (f) => walk(f.payload) : (f) => walk(f.context);
}

function compileLeaf({ field, op, value }: TLeafCondition): FactTest {
  const get = compileField(field);
  switch (op) {
    case "exists":
      return value === false ? (f) => get(f) === undefined : (f) => get(f) !== undefined;
    case "eq": {
      const same = equalsTo(value);
      return (f) => {
        const v = get(f);
        return v !== undefined && same(v);
      };
    }
    case "ne": {
      const same = equalsTo(value);
      return (f) => {
        const v = get(f);
        return v !== undefined && !same(v);
      };
    }
    case "lt":
    case "lte":
    case "gt":
    case "gte":
      return compareTo(get, op, value as number);
    case "in":
    case "nin": {
      const isMember = membership(value as unknown[]);
      const wantIn = op === "in";
      return (f) => {
        const v = get(f);
        if (v === undefined) return false;
        if (!Array.isArray(v)) return isMember(v) === wantIn;
        for (let i = 0; i < v.length; i++) if (isMember(v[i])) return wantIn;
        return !wantIn;
      };
    }
    case "matches": {
      const test = compileGlob(value as string);
      return (f) => {
        const v = get(f);
        if (typeof v === "string") return test(v);
        if (!Array.isArray(v)) return false;
        for (let i = 0; i < v.length; i++) {
          const item = v[i];
          if (typeof item === "string" && test(item)) return true;
        }
        return false;
      };
    }
  }
}

function compareTo(get: FieldGetter, op: "lt" | "lte" | "gt" | "gte", bound: number): FactTest {
  switch (op) {
    case "lt":
      return (f) => {
        const v = get(f);
        return typeof v === "number" && v < bound;
      };
    case "lte":
      return (f) => {
        const v = get(f);
        return typeof v === "number" && v <= bound;
      };
    case "gt":
      return (f) => {
        const v = get(f);
        return typeof v === "number" && v > bound;
      };
    case "gte":
      return (f) => {
        const v = get(f);
        return typeof v === "number" && v >= bound;
      };
  }
}

// Scalars compare with ===; objects and arrays deeply.
function equalsTo(expected: unknown): (v: unknown) => boolean {
  if (expected === null || typeof expected !== "object") return (v) => v === expected;
  return (v) => jsonEqual(v, expected);
}

// Scalars go in a Set (SameValueZero keeps 1 and "1" apart); objects fall back to deep equality.
function membership(list: readonly unknown[]): (v: unknown) => boolean {
  const scalars = new Set(list.filter((x) => x === null || typeof x !== "object"));
  const objects = list.filter((x) => x !== null && typeof x === "object");
  if (objects.length === 0) return (v) => scalars.has(v);
  return (v) => {
    if (v === null || typeof v !== "object") return scalars.has(v);
    for (let i = 0; i < objects.length; i++) if (jsonEqual(v, objects[i])) return true;
    return false;
  };
}
