// Three-valued `when` semantics (API.md "Policy"): every op on a present, missing, null and
// wrongly typed field, inside not / all / any / nested combinators, and what an unknown `when`
// means for allow, deny and require_approval rules. Every expected value is written by hand from
// the contract; the combinator tables below are the Kleene tables, spelled out.
import { describe, expect, it } from "vitest";
import { decide, type IntentFacts, type TCondition } from "../../../lib/policy";
import { AND, F, NOT, OR, T, U, compile, facts, type TruthName, truth } from "./policy-fixtures";


// Leaves of known value on fields no row below changes.
const TRUE_LEAF: TCondition = { field: "action", op: "eq", value: "payment.refund" };
const FALSE_LEAF: TCondition = { field: "action", op: "eq", value: "email.send" };
const UNKNOWN_LEAF: TCondition = { field: "agent", op: "lt", value: 1 }; // a string field: never a number

type Row = [label: string, condition: TCondition, intent: Partial<IntentFacts>, expected: TruthName];

const missingAmount = { amount: undefined };
const nullAmount = { amount: null };
const stringAmount = { amount: "50" as unknown as number };

// The base intent (policy-fixtures facts()): amount 50, currency USD, environment production,
// destination api.stripe.com, risk_tags [payment], payload {customer {id, tier}, items [{sku, qty 2}],
// note "refund"}, context {confidence 0.97, source email}.
const ROWS: Row[] = [
  // lt / lte / gt / gte: numbers only.
  ["lt present, true", { field: "amount", op: "lt", value: 100 }, {}, T],
  ["lt present, false", { field: "amount", op: "lt", value: 50 }, {}, F],
  ["lt missing", { field: "amount", op: "lt", value: 100 }, missingAmount, U],
  ["lt null", { field: "amount", op: "lt", value: 100 }, nullAmount, U],
  ['lt "50" (string)', { field: "amount", op: "lt", value: 100 }, stringAmount, U],
  ["lte present, boundary", { field: "amount", op: "lte", value: 50 }, {}, T],
  ["lte present, false", { field: "amount", op: "lte", value: 49.99 }, {}, F],
  ["lte missing", { field: "amount", op: "lte", value: 50 }, missingAmount, U],
  ["lte null", { field: "amount", op: "lte", value: 50 }, nullAmount, U],
  ["lte true (boolean)", { field: "payload.b", op: "lte", value: 1 }, { payload: { b: true } }, U],
  ["gt present, true", { field: "amount", op: "gt", value: 49.5 }, {}, T],
  ["gt present, false", { field: "amount", op: "gt", value: 50 }, {}, F],
  ["gt missing path", { field: "context.score", op: "gt", value: 0 }, {}, U],
  ["gt null context", { field: "context.confidence", op: "gt", value: 0 }, { context: null }, U],
  ["gt list", { field: "payload.items", op: "gt", value: 0 }, {}, U],
  ["gte present, true", { field: "context.confidence", op: "gte", value: 0.95 }, {}, T],
  ["gte present, false", { field: "context.confidence", op: "gte", value: 0.99 }, {}, F],
  ["gte missing", { field: "context.confidence", op: "gte", value: 0.9 }, { context: {} }, U],
  ["gte null value", { field: "context.confidence", op: "gte", value: 0.9 }, { context: { confidence: null } }, U],
  ['gte "0.99" (string)', { field: "context.confidence", op: "gte", value: 0.9 }, { context: { confidence: "0.99" } }, U],
  ["gte object", { field: "payload.customer", op: "gte", value: 0 }, {}, U],

  // eq / ne: same JSON type compares (deeply); another type is unknown.
  ["eq present, true", { field: "environment", op: "eq", value: "production" }, {}, T],
  ["eq present, false", { field: "environment", op: "eq", value: "staging" }, {}, F],
  ["eq missing", { field: "environment", op: "eq", value: "production" }, { environment: undefined }, U],
  ["eq null", { field: "environment", op: "eq", value: "production" }, { environment: null }, U],
  ['eq "50" vs 50', { field: "amount", op: "eq", value: 50 }, stringAmount, U],
  ['eq 50 vs "50"', { field: "amount", op: "eq", value: "50" }, {}, U],
  ["eq list vs string", { field: "risk_tags", op: "eq", value: "payment" }, {}, U],
  ["eq object vs list", { field: "payload.customer", op: "eq", value: ["cus_1"] }, {}, U],
  ["eq object, deep true", { field: "payload.customer", op: "eq", value: { tier: "gold", id: "cus_1" } }, {}, T],
  ["eq object, deep false", { field: "payload.customer", op: "eq", value: { id: "cus_1" } }, {}, F],
  ["eq null operand, present", { field: "environment", op: "eq", value: null }, {}, F],
  ["eq null operand, missing", { field: "environment", op: "eq", value: null }, { environment: null }, U],
  ["ne present, true", { field: "environment", op: "ne", value: "staging" }, {}, T],
  ["ne present, false", { field: "environment", op: "ne", value: "production" }, {}, F],
  ["ne missing", { field: "environment", op: "ne", value: "staging" }, { environment: undefined }, U],
  ["ne null", { field: "environment", op: "ne", value: "staging" }, { environment: null }, U],
  ['ne "50" vs 50', { field: "amount", op: "ne", value: 50 }, stringAmount, U],
  ["ne boolean vs string", { field: "payload.flag", op: "ne", value: "yes" }, { payload: { flag: true } }, U],
  ["ne null operand, present", { field: "environment", op: "ne", value: null }, {}, T],

  // in / nin: in = any of eq over the listed values (elements of a list field); nin = not in.
  ["in present, true", { field: "environment", op: "in", value: ["staging", "production"] }, {}, T],
  ["in present, false", { field: "environment", op: "in", value: ["staging"] }, {}, F],
  ["in missing", { field: "destination", op: "in", value: ["a"] }, { destination: undefined }, U],
  ["in null", { field: "destination", op: "in", value: ["a"] }, { destination: null }, U],
  ['in ["50"] vs 50', { field: "amount", op: "in", value: ["50"] }, {}, U],
  ['in [10, "x"] vs 50: no match, one type mismatch', { field: "amount", op: "in", value: [10, "x"] }, {}, U],
  ['in [50, "x"] vs 50: a match wins', { field: "amount", op: "in", value: [50, "x"] }, {}, T],
  ["in [null] vs present", { field: "environment", op: "in", value: [null] }, {}, F],
  ["in list field, some listed", { field: "risk_tags", op: "in", value: ["pii", "payment"] }, {}, T],
  ["in list field, none listed", { field: "risk_tags", op: "in", value: ["pii"] }, {}, F],
  ["in empty list field", { field: "risk_tags", op: "in", value: ["pii"] }, { riskTags: [] }, F],
  ["in list field, mistyped element", { field: "risk_tags", op: "in", value: ["pii"] }, { riskTags: [7 as unknown as string] }, U],
  ["nin present, true", { field: "environment", op: "nin", value: ["staging"] }, {}, T],
  ["nin present, false", { field: "environment", op: "nin", value: ["production"] }, {}, F],
  ["nin missing", { field: "destination", op: "nin", value: ["a"] }, { destination: undefined }, U],
  ["nin null", { field: "destination", op: "nin", value: ["a"] }, { destination: null }, U],
  ['nin ["50"] vs 50', { field: "amount", op: "nin", value: ["50"] }, {}, U],
  ["nin list field, none listed", { field: "risk_tags", op: "nin", value: ["pii"] }, {}, T],
  ["nin list field, some listed", { field: "risk_tags", op: "nin", value: ["payment"] }, {}, F],
  ["nin empty list field", { field: "risk_tags", op: "nin", value: ["pii"] }, { riskTags: [] }, T],
  ["nin missing list field", { field: "risk_tags", op: "nin", value: ["pii"] }, { riskTags: undefined as unknown as string[] }, U],

  // matches: strings, or any string element of a list field.
  ["matches present, true", { field: "destination", op: "matches", value: "*.stripe.com" }, {}, T],
  ["matches present, false", { field: "destination", op: "matches", value: "*.paypal.com" }, {}, F],
  ["matches missing", { field: "destination", op: "matches", value: "*" }, { destination: undefined }, U],
  ["matches null", { field: "destination", op: "matches", value: "*" }, { destination: null }, U],
  ["matches a number", { field: "amount", op: "matches", value: "*" }, {}, U],
  ["matches an object", { field: "payload.customer", op: "matches", value: "*" }, {}, U],
  ["matches list field, some element", { field: "risk_tags", op: "matches", value: "pay*" }, {}, T],
  ["matches list field, no element", { field: "risk_tags", op: "matches", value: "pii*" }, {}, F],
  ["matches empty list field", { field: "risk_tags", op: "matches", value: "*" }, { riskTags: [] }, F],
  ["matches list with a number, no string match", { field: "payload.l", op: "matches", value: "b*" }, { payload: { l: [1, "a"] } }, U],
  ["matches list with a number, a string match", { field: "payload.l", op: "matches", value: "a*" }, { payload: { l: [1, "a"] } }, T],

  // exists: tests absence; never unknown.
  ["exists present", { field: "amount", op: "exists" }, {}, T],
  ["exists missing", { field: "amount", op: "exists" }, missingAmount, F],
  ["exists null", { field: "amount", op: "exists", value: true }, nullAmount, F],
  ["exists of another type", { field: "amount", op: "exists" }, stringAmount, T],
  ["exists empty string", { field: "payload.note", op: "exists" }, { payload: { note: "" } }, T],
  ["exists: false present", { field: "amount", op: "exists", value: false }, {}, F],
  ["exists: false missing", { field: "amount", op: "exists", value: false }, missingAmount, T],
  ["exists: false null", { field: "context.ticket", op: "exists", value: false }, { context: { ticket: null } }, T],
  ["exists: false zero", { field: "payload.n", op: "exists", value: false }, { payload: { n: 0 } }, F],

  // currency is a condition field like amount.
  ["currency eq, true", { field: "currency", op: "eq", value: "USD" }, {}, T],
  ["currency in, false", { field: "currency", op: "in", value: ["EUR", "GBP"] }, {}, F],
  ["currency matches", { field: "currency", op: "matches", value: "U*" }, {}, T],
  ["currency missing", { field: "currency", op: "eq", value: "USD" }, { currency: undefined }, U],
  ["currency null", { field: "currency", op: "ne", value: "USD" }, { currency: null }, U],
  ["currency exists: false when null", { field: "currency", op: "exists", value: false }, { currency: null }, T],
];

describe("every op on present, missing, null and mistyped fields", () => {
  it("the table covers every op with a missing or null field", () => {
    for (const op of ["eq", "ne", "lt", "lte", "gt", "gte", "in", "nin", "exists", "matches"]) {
      const rows = ROWS.filter(([, c]) => "op" in c && c.op === op);
      expect(rows.map(([, , , e]) => e), op).toContain(T);
      expect(rows.map(([, , , e]) => e), op).toContain(F);
      expect(rows.some(([label]) => /missing/.test(label)), op).toBe(true);
      expect(rows.some(([label]) => /null/.test(label)), op).toBe(true);
    }
  });

  describe.each(ROWS)("%s", (_label, condition, overrides, expected) => {
    const intent = facts(overrides);
    it(`is ${expected}`, () => {
      expect(truth(condition, intent)).toBe(expected);
    });

    it("inside not, and not not", () => {
      expect(truth({ not: condition }, intent)).toBe(NOT[expected]);
      expect(truth({ not: { not: condition } }, intent)).toBe(expected);
    });

    it("inside all", () => {
      expect(truth({ all: [condition, TRUE_LEAF] }, intent)).toBe(AND[expected][T]);
      expect(truth({ all: [FALSE_LEAF, condition] }, intent)).toBe(AND[F][expected]);
      expect(truth({ all: [condition, UNKNOWN_LEAF] }, intent)).toBe(AND[expected][U]);
    });

    it("inside any", () => {
      expect(truth({ any: [condition, TRUE_LEAF] }, intent)).toBe(OR[expected][T]);
      expect(truth({ any: [FALSE_LEAF, condition] }, intent)).toBe(OR[F][expected]);
      expect(truth({ any: [UNKNOWN_LEAF, condition] }, intent)).toBe(OR[U][expected]);
    });

    it("nested", () => {
      // not (false ∨ (true ∧ c)) = not c
      expect(truth({ not: { any: [FALSE_LEAF, { all: [TRUE_LEAF, condition] }] } }, intent)).toBe(NOT[expected]);
      // (c ∨ false) ∧ not not c = c
      expect(truth({ all: [{ any: [condition, FALSE_LEAF] }, { not: { not: condition } }] }, intent)).toBe(expected);
      // not (not c ∧ unknown) = c ∨ unknown
      expect(truth({ not: { all: [{ not: condition }, UNKNOWN_LEAF] } }, intent)).toBe(OR[expected][U]);
      // any [all [c, unknown], not c] = (c ∧ unknown) ∨ not c
      expect(truth({ any: [{ all: [condition, UNKNOWN_LEAF] }, { not: condition }] }, intent)).toBe(OR[AND[expected][U]][NOT[expected]]);
    });
  });
});

describe("an unknown `when` matches deny and require_approval rules, never allow", () => {
  const WHEN: Record<TruthName, TCondition> = { true: TRUE_LEAF, false: FALSE_LEAF, unknown: UNKNOWN_LEAF };
  const CASES: [decision: "allow" | "deny" | "require_approval", when: TruthName, matches: boolean][] = [
    ["allow", T, true],
    ["allow", F, false],
    ["allow", U, false],
    ["deny", T, true],
    ["deny", F, false],
    ["deny", U, true],
    ["require_approval", T, true],
    ["require_approval", F, false],
    ["require_approval", U, true],
  ];

  it.each(CASES)("%s when %s → matches: %s", (decision, when, matches) => {
    // The default is the one outcome the rule cannot produce, so the outcome shows whether it matched.
    const fallback = decision === "allow" ? "deny" : "allow";
    const decided = decide(compile({ default: fallback, rules: [{ id: "r", when: WHEN[when], decision }] }), facts());
    expect(decided.outcome).toBe(matches ? decision : fallback);
    expect(decided.ruleId).toBe(matches ? "r" : null);
  });

  it("shadow rules read unknown the same way as enforcing ones", () => {
    const policy = compile({
      default: "allow",
      rules: [
        { id: "shadow-deny", mode: "shadow", when: UNKNOWN_LEAF, decision: "deny" },
        { id: "shadow-allow", mode: "shadow", when: UNKNOWN_LEAF, decision: "allow" },
      ],
    });
    expect(decide(policy, facts()).shadow.map((hit) => hit.ruleId)).toEqual(["shadow-deny"]);
  });
});

describe("the contract's examples", () => {
  const noAmount = facts({ amount: undefined });
  const noConfidence = facts({ context: { source: "email" } });

  it("`allow when amount lt 100` skips an intent without an amount", () => {
    const policy = compile({ default: "require_approval", rules: [{ id: "small", when: { field: "amount", op: "lt", value: 100 }, decision: "allow" }] });
    expect(decide(policy, facts())).toMatchObject({ outcome: "allow", ruleId: "small" });
    expect(decide(policy, noAmount)).toMatchObject({ outcome: "require_approval", ruleId: null });
    expect(decide(policy, facts({ amount: null }))).toMatchObject({ outcome: "require_approval", ruleId: null });
  });

  it("`allow when not {fraud_score gte 0.5}` does not allow an intent without a fraud score (the hole)", () => {
    const policy = compile({
      default: "require_approval",
      rules: [{ id: "low-fraud", when: { not: { field: "context.fraud_score", op: "gte", value: 0.5 } }, decision: "allow" }],
    });
    expect(decide(policy, facts({ context: { fraud_score: 0.1 } })).outcome).toBe("allow");
    expect(decide(policy, facts({ context: { fraud_score: 0.9 } })).outcome).toBe("require_approval");
    expect(decide(policy, facts({ context: {} })).outcome).toBe("require_approval");
    expect(decide(policy, facts({ context: { fraud_score: "0.1" } })).outcome).toBe("require_approval");
  });

  it("`deny when not {context.confidence gte 0.9}` denies one without a confidence", () => {
    const policy = compile({
      default: "allow",
      rules: [{ id: "unsure", when: { not: { field: "context.confidence", op: "gte", value: 0.9 } }, decision: "deny" }],
    });
    expect(decide(policy, facts())).toMatchObject({ outcome: "allow", ruleId: null });
    expect(decide(policy, facts({ context: { confidence: 0.5 } }))).toMatchObject({ outcome: "deny", ruleId: "unsure" });
    expect(decide(policy, noConfidence)).toMatchObject({ outcome: "deny", ruleId: "unsure" });
    expect(decide(policy, facts({ context: null }))).toMatchObject({ outcome: "deny", ruleId: "unsure" });
  });

  it("`all: [amount exists, amount gt 1000]` is simply false without an amount", () => {
    const big = { all: [{ field: "amount", op: "exists" }, { field: "amount", op: "gt", value: 1000 }] } as TCondition;
    expect(truth(big, noAmount)).toBe(F);
    expect(truth(big, facts({ amount: 5000 }))).toBe(T);
    expect(truth(big, facts())).toBe(F);
    const policy = compile({ default: "allow", rules: [{ id: "big", when: big, decision: "deny" }] });
    expect(decide(policy, noAmount).outcome).toBe("allow");
    expect(decide(policy, facts({ amount: 5000 })).outcome).toBe("deny");
    // Without the exists guard the same deny rule catches the intent without an amount.
    const unguarded = compile({ default: "allow", rules: [{ id: "big", when: { field: "amount", op: "gt", value: 1000 }, decision: "deny" }] });
    expect(decide(unguarded, noAmount).outcome).toBe("deny");
  });

  it('numbers compare only with numbers: "5" is not lt 100, and cannot slip past a deny either', () => {
    const stringy = facts({ amount: "5" as unknown as number });
    const allowSmall = compile({ default: "require_approval", rules: [{ id: "small", when: { field: "amount", op: "lt", value: 100 }, decision: "allow" }] });
    expect(decide(allowSmall, stringy).outcome).toBe("require_approval");
    const denyBig = compile({ default: "allow", rules: [{ id: "big", when: { field: "amount", op: "gte", value: 100 }, decision: "deny" }] });
    expect(decide(denyBig, stringy).outcome).toBe("deny");
    expect(decide(denyBig, facts({ amount: 5 })).outcome).toBe("allow");
  });

  it("a later rule still decides when an earlier allow rule's `when` is unknown", () => {
    const policy = compile({
      default: "allow",
      rules: [
        { id: "small", priority: 10, when: { field: "amount", op: "lt", value: 100 }, decision: "allow" },
        { id: "eur", priority: 5, when: { field: "currency", op: "ne", value: "USD" }, decision: "deny" },
        { id: "ask", decision: "require_approval" },
      ],
    });
    expect(decide(policy, facts({ amount: undefined, currency: "EUR" })).ruleId).toBe("eur");
    expect(decide(policy, facts({ amount: undefined, currency: undefined })).ruleId).toBe("eur");
    expect(decide(policy, facts({ amount: undefined, currency: "USD" })).ruleId).toBe("ask");
  });
});

describe("a rule that errors while evaluating never allows", () => {
  const throwing = {
    get secret(): never {
      throw new Error("boom");
    },
  };

  it.each(["allow", "deny", "require_approval"] as const)("an erroring %s rule → require_approval, never a lower allow", (decision) => {
    const policy = compile({
      default: "allow",
      rules: [
        { id: "fragile", priority: 10, when: { not: { any: [FALSE_LEAF, { field: "payload.secret", op: "lt", value: 1 }] } }, decision },
        { id: "allow-all", decision: "allow" },
      ],
    });
    const decided = decide(policy, facts({ payload: throwing }));
    expect(decided).toMatchObject({ outcome: "require_approval", ruleId: "fragile", reasonCode: "approval_required", separateDuties: false });
    expect(decided.reason).toMatch(/evaluation error/);
  });

  it("an erroring shadow rule is recorded as an error and does not decide", () => {
    const policy = compile({
      default: "deny",
      rules: [
        { id: "trial", mode: "shadow", when: { field: "payload.secret", op: "eq", value: 1 }, decision: "allow" },
        { id: "rest", decision: "deny" },
      ],
    });
    const decided = decide(policy, facts({ payload: throwing }));
    expect(decided).toMatchObject({ outcome: "deny", ruleId: "rest" });
    expect(decided.shadow).toEqual([{ ruleId: "trial", outcome: "require_approval", reasonCode: "approval_required", error: true }]);
  });
});
