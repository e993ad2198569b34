import { type Glob, globMatches, parseGlob } from "./glob";
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

// Field references and operands are plain data read by top-level functions: calls through
// per-condition closures are polymorphic and cannot be inlined, calls to these can.
const ACTION = 0;
const AGENT = 1;
const STAGE = 2;
const ENVIRONMENT = 3;
const DESTINATION = 4;
const AMOUNT = 5;
const RISK_TAGS = 6;
const PAYLOAD = 7;
const CONTEXT = 8;

const ROOTS: Record<string, number> = {
  action: ACTION,
  agent: AGENT,
  stage: STAGE,
  environment: ENVIRONMENT,
  destination: DESTINATION,
  amount: AMOUNT,
  risk_tags: RISK_TAGS,
  payload: PAYLOAD,
  context: CONTEXT,
};

export type FieldRef = {
  readonly root: number;
  /** Path below payload/context. */
  readonly keys: readonly string[];
  /** keys[i] as an array index, or -1 when it is not a canonical non-negative integer. */
  readonly indexes: readonly number[];
};

type Membership = { readonly scalars: ReadonlySet<unknown>; readonly objects: readonly unknown[] };

const ARRAY_INDEX = /^(?:0|[1-9]\d*)$/;

export function compileCondition(condition: TCondition): FactTest {
  if ("all" in condition) {
    const tests = condition.all.map(compileCondition);
    if (tests.length === 1) return tests[0] as FactTest;
    return (f) => {
      for (let i = 0; i < tests.length; i++) if (!(tests[i] as FactTest)(f)) return false;
      return true;
    };
  }
  if ("any" in condition) {
    const tests = condition.any.map(compileCondition);
    if (tests.length === 1) return tests[0] as FactTest;
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

export function compileField(field: string): FieldRef {
  const [root = "", ...keys] = field.split(".");
  const code = ROOTS[root];
  if (code === undefined || (code >= PAYLOAD) !== keys.length > 0) throw new Error(`unknown field ${field}`);
  return { root: code, keys, indexes: keys.map((k) => (ARRAY_INDEX.test(k) ? Number(k) : -1)) };
}

/** The field's value, or undefined when the intent lacks it (null counts as lacking). */
export function readField(f: IntentFacts, ref: FieldRef): unknown {
  switch (ref.root) {
    case ACTION:
      return f.action ?? undefined;
    case AGENT:
      return f.agent ?? undefined;
    case STAGE:
      return f.stage ?? undefined;
    case ENVIRONMENT:
      return f.environment ?? undefined;
    case DESTINATION:
      return f.destination ?? undefined;
    case AMOUNT:
      return f.amount ?? undefined;
    case RISK_TAGS:
      return f.riskTags ?? undefined;
    case PAYLOAD:
      return walk(f.payload, ref);
    default:
      return walk(f.context, ref);
  }
}

function walk(start: unknown, ref: FieldRef): unknown {
  const keys = ref.keys;
  let cur = start;
  for (let i = 0; i < keys.length; i++) {
    if (cur === null || typeof cur !== "object") return undefined;
    if (Array.isArray(cur)) {
      const index = ref.indexes[i] as number;
      if (index < 0 || index >= cur.length) return undefined;
      cur = cur[index];
    } else {
      // Own properties only: `payload.constructor` must not reach Object's prototype.
      const key = keys[i] as string;
      if (!Object.hasOwn(cur, key)) return undefined;
      cur = (cur as Record<string, unknown>)[key];
    }
  }
  return cur ?? undefined;
}

function compileLeaf({ field, op, value }: TLeafCondition): FactTest {
  const ref = compileField(field);
  switch (op) {
    case "exists":
      return value === false ? (f) => readField(f, ref) === undefined : (f) => readField(f, ref) !== undefined;
    case "eq":
    case "ne": {
      const wantEqual = op === "eq";
      if (value === null || typeof value !== "object") {
        return (f) => {
          const v = readField(f, ref);
          return v !== undefined && (v === value) === wantEqual;
        };
      }
      return (f) => {
        const v = readField(f, ref);
        return v !== undefined && jsonEqual(v, value) === wantEqual;
      };
    }
    // Only numbers compare: typeof guards against "5", true, arrays and absent fields.
    case "lt":
      return (f) => {
        const v = readField(f, ref);
        return typeof v === "number" && v < (value as number);
      };
    case "lte":
      return (f) => {
        const v = readField(f, ref);
        return typeof v === "number" && v <= (value as number);
      };
    case "gt":
      return (f) => {
        const v = readField(f, ref);
        return typeof v === "number" && v > (value as number);
      };
    case "gte":
      return (f) => {
        const v = readField(f, ref);
        return typeof v === "number" && v >= (value as number);
      };
    case "in":
    case "nin": {
      const list = membership(value as unknown[]);
      const wantIn = op === "in";
      return (f) => inList(list, readField(f, ref), wantIn);
    }
    case "matches": {
      const glob = parseGlob(value as string);
      return (f) => matchesGlob(glob, readField(f, ref));
    }
  }
}

function membership(list: readonly unknown[]): Membership {
  return {
    scalars: new Set(list.filter((x) => x === null || typeof x !== "object")),
    objects: list.filter((x) => x !== null && typeof x === "object"),
  };
}

// Scalars by Set (SameValueZero keeps 1 and "1" apart); objects and arrays deeply.
function isMember(list: Membership, v: unknown): boolean {
  if (v === null || typeof v !== "object") return list.scalars.has(v);
  const objects = list.objects;
  for (let i = 0; i < objects.length; i++) if (jsonEqual(v, objects[i])) return true;
  return false;
}

function inList(list: Membership, v: unknown, wantIn: boolean): boolean {
  if (v === undefined) return false;
  if (!Array.isArray(v)) return isMember(list, v) === wantIn;
  for (let i = 0; i < v.length; i++) if (isMember(list, v[i])) return wantIn;
  return !wantIn;
}

function matchesGlob(glob: Glob, v: unknown): boolean {
  if (typeof v === "string") return globMatches(glob, v);
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) {
    const item = v[i];
    if (typeof item === "string" && globMatches(glob, item)) return true;
  }
  return false;
}
