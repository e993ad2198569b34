// The json-rules-engine and casbin translations of a policy must decide exactly like Tollgate
// (outcome and rule id), or scripts/bench/policy-compare.ts compares different work.
import { describe, expect, it } from "vitest";
import type { IntentFacts, TPolicyDocumentInput } from "../../../lib/policy";
import { createEngines, findDisagreement, validDocument } from "../../../scripts/bench/engines/agreement";
import { toCasbinPolicy } from "../../../scripts/bench/engines/casbin";
import { toJsonRules } from "../../../scripts/bench/engines/json-rules-engine";
import { buildBenchIntents, buildBenchPolicy } from "../../../scripts/bench/policy";

async function expectAgreement(input: TPolicyDocumentInput, intents: IntentFacts[]) {
  const engines = await createEngines(validDocument(input));
  expect(await findDisagreement(engines, intents)).toBeNull();
}

// Every operator, combinator, match key and ordering rule, on fields that are often missing,
// null or of the wrong type, so unknown `when`s are common (allow rules skip them, others match).
const EVERY_OP: TPolicyDocumentInput = {
  default: "deny",
  rules: [
    { id: "tie-a", priority: 10, match: { action: "pay.*", agent: "agt_7" }, decision: "allow" },
    { id: "tie-b", priority: 10, match: { action: ["pay.*", "mail.send"] }, when: { field: "amount", op: "lte", value: 50 }, decision: "deny" },
    { id: "neg", priority: -3, when: { field: "context.confidence", op: "exists" }, decision: "allow" },
    { id: "ne-nin", when: { all: [{ field: "environment", op: "ne", value: "production" }, { field: "risk_tags", op: "nin", value: ["pii"] }] }, decision: "require_approval" },
    { id: "absent", match: { stage: ["publish", "resume"] }, when: { field: "context.ticket", op: "exists", value: false }, decision: "deny" },
    { id: "index", when: { any: [{ field: "payload.items.0.qty", op: "gt", value: 2 }, { field: "payload.kind", op: "in", value: ["b", 3] }] }, decision: "allow" },
    { id: "tags", match: { risk_tags: ["pay*", "ext*"], destination: ["*.example.com", "api.*"] }, decision: "deny" },
    { id: "globs", when: { not: { field: "action", op: "matches", value: "*.*" } }, decision: "require_approval" },
    { id: "eq", when: { field: "payload.kind", op: "eq", value: "a" }, decision: "allow" },
    { id: "lt", when: { field: "amount", op: "lt", value: 100 }, decision: "require_approval" },
    // not over an unknown leaf, for an allow and a deny rule (three-valued `when`), and currency.
    { id: "not-allow", when: { not: { any: [{ field: "context.confidence", op: "lt", value: 0.5 }, { field: "currency", op: "nin", value: ["USD", 5] }] } }, decision: "allow" },
    { id: "not-deny", when: { all: [{ field: "currency", op: "matches", value: "E*" }, { not: { field: "payload.items.0.qty", op: "lte", value: 2 } }] }, decision: "deny" },
    { id: "catch-all", priority: -10, match: { stage: "create" }, decision: "allow" },
  ],
};

function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (Math.imul(a, 1103515245) + 12345) >>> 0;
    return a / 2 ** 32;
  };
}

function edgeIntents(count: number): IntentFacts[] {
  const rand = prng(7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  return Array.from({ length: count }, () => ({
    action: pick(["pay.refund", "mail.send", "noop", "pay"]),
    agent: pick(["bot", "agt_7"]),
    agentId: pick(["agt_7", "agt_8", undefined]),
    stage: pick(["create", "run", "publish", "resume"] as const),
    environment: pick(["production", "staging", null, undefined]),
    destination: pick(["api.stripe.com", "x.example.com", null]),
    amount: pick([10, 50, 99.5, 100, 5000, null, undefined, "20" as unknown as number]),
    riskTags: pick([[], ["payment"], ["pii", "external"], ["payment", "external"]]),
    payload: pick([{ kind: "a", items: [{ qty: 3 }] }, { kind: "a", items: [{ qty: "3" }] }, { kind: "b", items: [] }, { kind: 3 }, "a", null, undefined, { items: { 0: { qty: 9 } } }]),
    context: pick([{ confidence: 0.9, ticket: "T-1" }, { confidence: "0.9" }, { confidence: 0.3 }, {}, null, undefined]),
    currency: pick(["USD", "EUR", null, undefined, 5 as unknown as string]),
  }));
}

describe("policy engine translators (json-rules-engine, casbin)", () => {
  it.each([5, 10, 25])("agree with Tollgate on the %i-rule benchmark policy", async (rules) => {
    await expectAgreement(buildBenchPolicy(rules), buildBenchIntents(rules, 300));
  });

  it("agree on every operator, priority ties and missing or mistyped fields", async () => {
    await expectAgreement(EVERY_OP, edgeIntents(600));
  });

  it("rank rules in Tollgate's order: priority descending, ties in document order", () => {
    const doc = validDocument(EVERY_OP);
    const order = ["tie-a", "tie-b", "ne-nin", "absent", "index", "tags", "globs", "eq", "lt", "not-allow", "not-deny", "neg", "catch-all"];
    expect(toJsonRules(doc).map((r) => r.name)).toEqual(order);
    expect(toCasbinPolicy(doc).map((line) => line[1])).toEqual(order);
  });

  it("the agreement check reports an engine that decides differently", async () => {
    const [tollgate, ...rest] = await createEngines(validDocument(EVERY_OP));
    if (!tollgate?.sync) throw new Error("tollgate decides synchronously");
    const skewed = { ...tollgate, name: "skewed", decide: (f: IntentFacts) => ({ ...tollgate.decide(f), ruleId: "other" }) };
    const mismatch = await findDisagreement([tollgate, ...rest, skewed], edgeIntents(3));
    expect(mismatch?.index).toBe(0);
    expect(mismatch?.decisions.skewed?.ruleId).toBe("other");
  });

  it("refuse what they cannot translate faithfully", () => {
    const shadow = validDocument({ rules: [{ id: "s", mode: "shadow", decision: "deny" }] });
    expect(() => toJsonRules(shadow)).toThrow(/shadow/);
    const mangled = validDocument({ rules: [{ id: "m", match: { destination: "*p.example.com" }, decision: "deny" }] });
    expect(() => toCasbinPolicy(mangled)).toThrow(/altered by casbin/);
  });
});
