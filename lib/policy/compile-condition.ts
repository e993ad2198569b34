import { type Glob, globMatches, parseGlob } from "./glob";
import { jsonEqual } from "./json-equal";
import type { TCondition, TLeafCondition } from "./schema";
import type { IntentFacts } from "./types";

// `when` conditions → boolean tests, once per snapshot. Semantics (API.md "Policy"): every
// condition is TRUE, FALSE or UNKNOWN, and a missing field or any other uncertainty never makes a
// decision more permissive.
// - A field the intent lacks (missing, undefined or null, or a path through a non-object) makes
//   every leaf UNKNOWN except `exists`, which tests exactly that and is never unknown. No
//   defaults are invented: a missing amount is not 0.
// - A field of the wrong type is UNKNOWN too, not FALSE: FALSE would let `not` turn it into
//   TRUE and allow (`allow when not {amount gte 100}` with amount "5000"), and would let a deny
//   rule skip an intent whose type it cannot judge. So:
//   · lt/lte/gt/gte compare numbers with numbers only; "5", true, a list or an object is UNKNOWN.
//   · eq/ne compare values of the same JSON type (deeply for lists and objects, key order
//     ignored); across types ("5" against 5, a list against a string) they are UNKNOWN. A null
//     operand is never equal to a present value (eq null is FALSE, ne null TRUE; use exists).
//   · in is `any` of eq over the listed values and nin is `not in`: TRUE when some listed value
//     equals the field, else UNKNOWN when some listed value has another type, else FALSE. For a
//     list field (risk_tags, payload lists) the elements are the values: in = some element is
//     listed, nin = none is; an empty list is simply not `in` anything.
//   · matches globs a string; for a list field it is `any` over the elements; anything else is
//     UNKNOWN.
// - all/any/not combine Kleene-style: not UNKNOWN is UNKNOWN; all is FALSE if any part is FALSE,
//   else UNKNOWN if any part is, else TRUE; any is TRUE if any part is TRUE, else UNKNOWN if any
//   part is, else FALSE.
// - The rule decides what UNKNOWN means for it: an allow rule needs TRUE, a deny or
//   require_approval rule matches unless the condition is FALSE.
//
// No truth value is carried through the tree at run time. A condition is compiled against the
// set of values that count as "holds" (a bit mask), and `not` is pushed down to the leaves by
// De Morgan, which holds in Kleene logic: `not` swaps TRUE and FALSE in the set; `all` needs
// every part in the set when the set holds TRUE and some part when it holds FALSE (`any` the
// other way round). Combinators stay short-circuiting boolean loops; only a leaf computes a
// 0/1/2 code, by small top-level functions V8 inlines, and tests it against its mask.

export type FactTest = (facts: IntentFacts) => boolean;

/** A leaf's truth value. Plain numbers so evaluation allocates nothing. */
export type Truth = typeof FALSE | typeof TRUE | typeof UNKNOWN;
export const FALSE = 0;
export const TRUE = 1;
export const UNKNOWN = 2;

// Sets of truth values, as masks of 1 << Truth.
const IS_FALSE = 1 << FALSE;
const IS_TRUE = 1 << TRUE;
const IS_UNKNOWN = 1 << UNKNOWN;

// Field references and operands are plain data read by top-level functions: calls through
// per-condition closures are polymorphic and cannot be inlined, calls to these can.
const ACTION = 0;
const AGENT = 1;
const STAGE = 2;
const ENVIRONMENT = 3;
const DESTINATION = 4;
const AMOUNT = 5;
const CURRENCY = 6;
const RISK_TAGS = 7;
const PAYLOAD = 8;
const CONTEXT = 9;

const ROOTS: Record<string, number> = {
  action: ACTION,
  agent: AGENT,
  stage: STAGE,
  environment: ENVIRONMENT,
  destination: DESTINATION,
  amount: AMOUNT,
  currency: CURRENCY,
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

// JSON types, as bits so a list operand can record which types it holds. null has none: it is
// never equal to a present value and never of "another type" either.
const STRING = 1;
const NUMBER = 2;
const BOOLEAN = 4;
const LIST = 8;
const OBJECT = 16;
/** Not JSON (undefined inside a list built in code, a function…): another type than anything. */
const OTHER = 32;

type Membership = {
  /** Listed strings, numbers and booleans (a Set: SameValueZero keeps 1 and "1" apart). */
  readonly scalars: ReadonlySet<unknown>;
  /** Listed lists and objects, compared deeply. */
  readonly composites: readonly unknown[];
  /** The JSON types among the listed values (null contributes none). */
  readonly types: number;
};

const ARRAY_INDEX = /^(?:0|[1-9]\d*)$/;

/**
 * A test that holds when the condition is TRUE, or also when it is UNKNOWN if `unknownMatches`
 * (deny and require_approval rules). Never both false for TRUE nor true for FALSE.
 */
export function compileCondition(condition: TCondition, unknownMatches: boolean): FactTest {
  return compileNode(condition, unknownMatches ? IS_TRUE | IS_UNKNOWN : IS_TRUE);
}

/** `holds`: the truth values for which the test must return true. */
function compileNode(condition: TCondition, holds: number): FactTest {
  if ("all" in condition) return combine(condition.all, holds, (holds & IS_TRUE) !== 0);
  if ("any" in condition) return combine(condition.any, holds, (holds & IS_FALSE) !== 0);
  if ("not" in condition) return compileNode(condition.not, negate(holds));
  return compileLeaf(condition, holds);
}

/** not x ∈ S ⇔ x ∈ {not v | v ∈ S}: TRUE and FALSE swap places, UNKNOWN stays. */
function negate(holds: number): number {
  return ((holds & IS_FALSE) << 1) | ((holds & IS_TRUE) >> 1) | (holds & IS_UNKNOWN);
}

// all ∈ {TRUE} ⇔ every part TRUE; all ∈ {TRUE, UNKNOWN} (not FALSE) ⇔ every part not FALSE;
// all ∈ {FALSE} ⇔ some part FALSE; all ∈ {FALSE, UNKNOWN} (not TRUE) ⇔ some part not TRUE.
// `any` is the mirror image. Each part is tested against the same set.
function combine(parts: readonly TCondition[], holds: number, every: boolean): FactTest {
  const tests = parts.map((part) => compileNode(part, holds));
  if (tests.length === 1) return tests[0] as FactTest;
  if (every) {
    return (f) => {
      for (let i = 0; i < tests.length; i++) if (!(tests[i] as FactTest)(f)) return false;
      return true;
    };
  }
  return (f) => {
    for (let i = 0; i < tests.length; i++) if ((tests[i] as FactTest)(f)) return true;
    return false;
  };
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
    case CURRENCY:
      return f.currency ?? undefined;
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

// Each leaf is one closure: read the field, compute its 0/1/2 truth, test it against `holds`.
// ne and nin are `not eq` and `not in`, so they use eq's and in's truth with `holds` negated.
function compileLeaf({ field, op, value }: TLeafCondition, holds: number): FactTest {
  const ref = compileField(field);
  switch (op) {
    case "exists": {
      // Never unknown: TRUE or FALSE by presence alone.
      const h = value === false ? negate(holds) : holds;
      return (f) => ((h >> (readField(f, ref) === undefined ? FALSE : TRUE)) & 1) !== 0;
    }
    case "eq":
    case "ne": {
      const h = op === "ne" ? negate(holds) : holds;
      if (value === null) return (f) => ((h >> (readField(f, ref) === undefined ? UNKNOWN : FALSE)) & 1) !== 0;
      if (typeof value !== "object") {
        // The schema requires a JSON value for eq/ne: here a string, number or boolean.
        const scalar = value as string | number | boolean;
        return (f) => ((h >> equalsScalar(readField(f, ref), scalar)) & 1) !== 0;
      }
      const list = Array.isArray(value);
      return (f) => ((h >> equalsComposite(readField(f, ref), value, list)) & 1) !== 0;
    }
    case "lt": {
      const n = value as number;
      return (f) => ((holds >> lessThan(readField(f, ref), n)) & 1) !== 0;
    }
    case "lte": {
      const n = value as number;
      return (f) => ((holds >> atMost(readField(f, ref), n)) & 1) !== 0;
    }
    case "gt": {
      const n = value as number;
      return (f) => ((holds >> greaterThan(readField(f, ref), n)) & 1) !== 0;
    }
    case "gte": {
      const n = value as number;
      return (f) => ((holds >> atLeast(readField(f, ref), n)) & 1) !== 0;
    }
    case "in":
    case "nin": {
      const list = membership(value as unknown[]);
      const h = op === "nin" ? negate(holds) : holds;
      return (f) => ((h >> inList(list, readField(f, ref))) & 1) !== 0;
    }
    case "matches": {
      const glob = parseGlob(value as string);
      return (f) => ((holds >> matchesGlob(glob, readField(f, ref))) & 1) !== 0;
    }
  }
}

// Comparisons: only a number is judged; anything else (absent, "5", true, a list, NaN) is unknown.
function lessThan(v: unknown, n: number): Truth {
  return typeof v !== "number" || Number.isNaN(v) ? UNKNOWN : v < n ? TRUE : FALSE;
}

function atMost(v: unknown, n: number): Truth {
  return typeof v !== "number" || Number.isNaN(v) ? UNKNOWN : v <= n ? TRUE : FALSE;
}

function greaterThan(v: unknown, n: number): Truth {
  return typeof v !== "number" || Number.isNaN(v) ? UNKNOWN : v > n ? TRUE : FALSE;
}

function atLeast(v: unknown, n: number): Truth {
  return typeof v !== "number" || Number.isNaN(v) ? UNKNOWN : v >= n ? TRUE : FALSE;
}

/** eq against a string, number or boolean: another type (or absence) is unknown. */
function equalsScalar(v: unknown, want: string | number | boolean): Truth {
  return typeof v !== typeof want ? UNKNOWN : v === want ? TRUE : FALSE;
}

/** eq against a list or an object: deep equality with a value of the same type. */
function equalsComposite(v: unknown, want: object, wantList: boolean): Truth {
  if (v === undefined || typeof v !== "object" || v === null || Array.isArray(v) !== wantList) return UNKNOWN;
  return jsonEqual(v, want) ? TRUE : FALSE;
}

function typeBit(x: unknown): number {
  switch (typeof x) {
    case "string":
      return STRING;
    case "number":
      return NUMBER;
    case "boolean":
      return BOOLEAN;
    case "object":
      return x === null ? 0 : Array.isArray(x) ? LIST : OBJECT;
    default:
      return OTHER;
  }
}

function membership(list: readonly unknown[]): Membership {
  let types = 0;
  for (const x of list) types |= typeBit(x);
  return {
    scalars: new Set(list.filter((x) => x !== null && typeof x !== "object")),
    composites: list.filter((x) => x !== null && typeof x === "object"),
    types,
  };
}

/** `any` of eq(x, listed) over the listed values. x is present (not undefined or null). */
function memberTruth(list: Membership, x: unknown): Truth {
  const type = typeBit(x);
  if (type === LIST || type === OBJECT) {
    const composites = list.composites;
    for (let i = 0; i < composites.length; i++) if (jsonEqual(x, composites[i])) return TRUE;
  } else if (list.scalars.has(x)) {
    return TRUE;
  }
  // Some listed value of another type: that comparison, and so the whole `in`, is unknown.
  return (list.types & ~type) !== 0 ? UNKNOWN : FALSE;
}

function inList(list: Membership, v: unknown): Truth {
  if (v === undefined) return UNKNOWN;
  if (!Array.isArray(v)) return memberTruth(list, v);
  // A list field: `any` over its elements; a null element is an absent value, so unknown.
  let result: Truth = FALSE;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    const t = x === null || x === undefined ? UNKNOWN : memberTruth(list, x);
    if (t === TRUE) return TRUE;
    if (t === UNKNOWN) result = UNKNOWN;
  }
  return result;
}

function matchesGlob(glob: Glob, v: unknown): Truth {
  if (typeof v === "string") return globMatches(glob, v) ? TRUE : FALSE;
  if (!Array.isArray(v)) return UNKNOWN;
  let result: Truth = FALSE;
  for (let i = 0; i < v.length; i++) {
    const item = v[i];
    if (typeof item !== "string") result = UNKNOWN;
    else if (globMatches(glob, item)) return TRUE;
  }
  return result;
}
