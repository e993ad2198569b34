// Property-based tests of the three-valued `when` semantics (fast-check). The engine is judged
// against a small reference model of API.md "Policy" written here from the contract, and against
// laws that need no model at all: fail-closed monotonicity, null ≡ absent, Kleene composition.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decide, type IntentFacts, OUTCOMES, type Outcome, type TCondition } from "../../../lib/policy";
import { AND, F, NOT, OR, T, U, compile, facts, type TruthName, truth } from "./policy-fixtures";

// ---- generators ---------------------------------------------------------------------------

const FIELDS = ["amount", "currency", "environment", "risk_tags", "payload.a", "payload.b.c", "context.x"] as const;
type Field = (typeof FIELDS)[number];

const scalar = fc.oneof(
  fc.integer({ min: -2, max: 3 }),
  fc.constantFrom(0.5, 100),
  fc.constantFrom("a", "b", "5", "USD", "ab"),
  fc.boolean(),
);
const json: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: scalar },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: fc.array(fc.oneof(scalar, fc.constant(null)), { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom("k", "id"), scalar, { maxKeys: 2 }) },
);
/** A field's value in an intent: absent (undefined) or any JSON value, of any type. */
const fieldValue = fc.oneof({ weight: 1, arbitrary: fc.constant(undefined) }, { weight: 4, arbitrary: json });

const leaf: fc.Arbitrary<TCondition> = fc.oneof(
  fc.record({ field: fc.constantFrom(...FIELDS), op: fc.constantFrom("lt", "lte", "gt", "gte"), value: fc.oneof(fc.integer({ min: -2, max: 3 }), fc.constant(0.5)) }),
  fc.record({ field: fc.constantFrom(...FIELDS), op: fc.constantFrom("eq", "ne"), value: json }),
  fc.record({ field: fc.constantFrom(...FIELDS), op: fc.constantFrom("in", "nin"), value: fc.array(json, { minLength: 1, maxLength: 3 }) }),
  fc.record({ field: fc.constantFrom(...FIELDS), op: fc.constant("matches"), value: fc.constantFrom("*", "a*", "*b", "5", "U*D") }),
  fc.record({ field: fc.constantFrom(...FIELDS), op: fc.constant("exists"), value: fc.boolean() }, { requiredKeys: ["field", "op"] }),
) as fc.Arbitrary<TCondition>;

const condition: fc.Arbitrary<TCondition> = fc.letrec<{ node: TCondition }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.record({ all: fc.array(tie("node"), { minLength: 1, maxLength: 3 }) }),
    fc.record({ any: fc.array(tie("node"), { minLength: 1, maxLength: 3 }) }),
    fc.record({ not: tie("node") }),
  ),
})).node;

type Values = Record<Field, unknown>;
const values: fc.Arbitrary<Values> = fc.record(Object.fromEntries(FIELDS.map((f) => [f, fieldValue])) as Record<Field, fc.Arbitrary<unknown>>);

/** An intent carrying `v`; undefined means the field is left out (not written as a key). */
function intentOf(v: Values): IntentFacts {
  const payload: Record<string, unknown> = {};
  if (v["payload.a"] !== undefined) payload.a = v["payload.a"];
  if (v["payload.b.c"] !== undefined) payload.b = { c: v["payload.b.c"] };
  const context: Record<string, unknown> = {};
  if (v["context.x"] !== undefined) context.x = v["context.x"];
  return facts({
    amount: v.amount as number | null | undefined,
    currency: v.currency as string | null | undefined,
    environment: v.environment as string | null | undefined,
    riskTags: v.risk_tags as string[],
    payload,
    context,
  });
}

// ---- the reference model (API.md "Policy"), independent of lib/policy ---------------------


const jsonType = (x: unknown) => (x === null ? "null" : Array.isArray(x) ? "list" : typeof x);
const canonical = (x: unknown): string =>
  Array.isArray(x)
    ? `[${x.map(canonical).join(",")}]`
    : x !== null && typeof x === "object"
      ? `{${Object.keys(x).sort().map((k) => `${JSON.stringify(k)}:${canonical((x as Record<string, unknown>)[k])}`).join(",")}}`
      : JSON.stringify(x);
const glob = (pattern: string, s: string) =>
  new RegExp(`^${pattern.split("*").map((p) => p.replace(/[\\^$.|?+()[\]{}]/g, "\\$&")).join("[\\s\\S]*")}$`).test(s);

/** eq of a present value with an operand: same JSON type → deep equality; null operand → false; else unknown. */
function eqRef(v: unknown, want: unknown): TruthName {
  if (want === null) return F;
  if (jsonType(v) !== jsonType(want)) return U;
  return canonical(v) === canonical(want) ? T : F;
}

function leafRef(c: { field: string; op: string; value?: unknown }, v: Values): TruthName {
  const raw = v[c.field as Field];
  const present = raw !== undefined && raw !== null;
  if (c.op === "exists") return present === (c.value !== false) ? T : F;
  if (!present) return U;
  switch (c.op) {
    case "lt":
    case "lte":
    case "gt":
    case "gte": {
      if (typeof raw !== "number") return U;
      const n = c.value as number;
      const holds = { lt: raw < n, lte: raw <= n, gt: raw > n, gte: raw >= n }[c.op];
      return holds ? T : F;
    }
    case "eq":
      return eqRef(raw, c.value);
    case "ne":
      return NOT[eqRef(raw, c.value)];
    case "in":
    case "nin": {
      // in: any over the field's elements (a list field) of any over the listed values of eq.
      const elements = Array.isArray(raw) ? raw : [raw];
      let result: TruthName = F;
      for (const x of elements) {
        let member: TruthName = x === null ? U : F;
        if (x !== null) for (const m of c.value as unknown[]) member = OR[member][eqRef(x, m)];
        result = OR[result][member];
      }
      return c.op === "in" ? result : NOT[result];
    }
    case "matches": {
      const one = (x: unknown): TruthName => (typeof x === "string" ? (glob(c.value as string, x) ? T : F) : U);
      if (!Array.isArray(raw)) return one(raw);
      return raw.reduce<TruthName>((acc, x) => OR[acc][one(x)], F);
    }
  }
  throw new Error(`op ${c.op}`);
}

function reference(c: TCondition, v: Values): TruthName {
  if ("all" in c) return c.all.reduce<TruthName>((acc, part) => AND[acc][reference(part, v)], T);
  if ("any" in c) return c.any.reduce<TruthName>((acc, part) => OR[acc][reference(part, v)], F);
  if ("not" in c) return NOT[reference(c.not, v)];
  return leafRef(c, v);
}

function leaves(c: TCondition): { field: string; op: string }[] {
  if ("all" in c) return c.all.flatMap(leaves);
  if ("any" in c) return c.any.flatMap(leaves);
  if ("not" in c) return leaves(c.not);
  return [c];
}

// ---- properties ---------------------------------------------------------------------------

describe("three-valued semantics, property-based", () => {
  it("the engine agrees with the reference model on every condition and intent", () => {
    fc.assert(
      fc.property(condition, values, (c, v) => {
        expect(truth(c, intentOf(v))).toBe(reference(c, v));
      }),
      { numRuns: 1500 },
    );
  });

  it("not, all and any follow the Kleene tables for any parts", () => {
    fc.assert(
      fc.property(condition, condition, values, (a, b, v) => {
        const intent = intentOf(v);
        const ta = truth(a, intent);
        const tb = truth(b, intent);
        expect(truth({ not: a }, intent)).toBe(NOT[ta]);
        expect(truth({ all: [a, b] }, intent)).toBe(AND[ta][tb]);
        expect(truth({ any: [a, b] }, intent)).toBe(OR[ta][tb]);
        // De Morgan holds in Kleene logic.
        expect(truth({ not: { all: [a, b] } }, intent)).toBe(truth({ any: [{ not: a }, { not: b }] }, intent));
      }),
      { numRuns: 300 },
    );
  });

  it("ne is not eq, nin is not in, and in is any of eq for a field that is not a list", () => {
    fc.assert(
      fc.property(fc.constantFrom(...FIELDS), fc.array(json, { minLength: 1, maxLength: 3 }), values, (field, list, v) => {
        const intent = intentOf(v);
        const first = list[0];
        expect(truth({ field, op: "ne", value: first }, intent)).toBe(NOT[truth({ field, op: "eq", value: first }, intent)]);
        expect(truth({ field, op: "nin", value: list }, intent)).toBe(NOT[truth({ field, op: "in", value: list }, intent)]);
        if (!Array.isArray(v[field])) {
          const anyEq: TCondition = { any: list.map((value) => ({ field, op: "eq" as const, value })) };
          expect(truth({ field, op: "in", value: list }, intent)).toBe(truth(anyEq, intent));
        }
      }),
      { numRuns: 500 },
    );
  });

  // Policies of a few rules with any decision and `when`, and a field to take away.
  const policy = fc.record({
    default: fc.constantFrom(...OUTCOMES),
    rules: fc.array(fc.record({ decision: fc.constantFrom(...OUTCOMES), when: condition }), { minLength: 1, maxLength: 5 }),
  });
  const compiled = (p: { default: Outcome; rules: { decision: Outcome; when: TCondition }[] }) =>
    compile({ default: p.default, rules: p.rules.map((rule, i) => ({ id: `r${i}`, ...rule })) });

  it("removing a field never turns a decision that is not allow into allow (fail closed)", () => {
    fc.assert(
      fc.property(policy, values, fc.constantFrom(...FIELDS), (p, v, removed) => {
        // `exists` is the one test of absence, and is meant to change when a field goes away.
        fc.pre(!p.rules.some((rule) => leaves(rule.when).some((l) => l.op === "exists" && l.field === removed)));
        const doc = compiled(p);
        const before = decide(doc, intentOf(v));
        const after = decide(doc, intentOf({ ...v, [removed]: undefined }));
        if (before.outcome !== "allow") expect(after.outcome).not.toBe("allow");
        // Stronger: an allow after the removal was an allow before, by the same rule or an earlier
        // one (rules have priority 0, so r<i> is the i-th in evaluation order; null = the default).
        if (after.outcome === "allow") {
          expect(before.outcome).toBe("allow");
          const position = (ruleId: string | null) => (ruleId === null ? p.rules.length : Number(ruleId.slice(1)));
          expect(position(before.ruleId)).toBeLessThanOrEqual(position(after.ruleId));
        }
      }),
      { numRuns: 1500 },
    );
  });

  it("a null field decides exactly like a missing one", () => {
    fc.assert(
      fc.property(policy, values, fc.constantFrom(...FIELDS), (p, v, field) => {
        const doc = compiled(p);
        const missing = decide(doc, intentOf({ ...v, [field]: undefined }));
        const nulled = decide(doc, intentOf({ ...v, [field]: null }));
        expect({ outcome: nulled.outcome, ruleId: nulled.ruleId }).toEqual({ outcome: missing.outcome, ruleId: missing.ruleId });
      }),
      { numRuns: 500 },
    );
  });
});
