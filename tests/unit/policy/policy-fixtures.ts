// Shared builders for the policy engine tests.
import { type CompiledPolicy, compilePolicy, decide, type IntentFacts, type TCondition, validatePolicy } from "../../../lib/policy";

/** Validates and compiles a document, failing the test loudly if it is invalid. */
export function compile(doc: unknown): CompiledPolicy {
  const result = validatePolicy(doc);
  if (!result.ok) throw new Error(`invalid test policy: ${JSON.stringify(result.issues)}`);
  return compilePolicy(result.document);
}

export function facts(overrides: Partial<IntentFacts> = {}): IntentFacts {
  return {
    action: "payment.refund",
    agent: "billing-bot",
    agentId: "agt_123",
    stage: "run",
    environment: "production",
    destination: "api.stripe.com",
    amount: 50,
    currency: "USD",
    riskTags: ["payment"],
    payload: { customer: { id: "cus_1", tier: "gold" }, items: [{ sku: "a-1", qty: 2 }], note: "refund" },
    context: { confidence: 0.97, source: "email" },
    ...overrides,
  };
}

/** True when `condition` holds for the intent: a one-rule policy that allows, default deny. */
export function holds(condition: TCondition, intent: IntentFacts = facts()): boolean {
  const policy = compile({ default: "deny", rules: [{ id: "probe", when: condition, decision: "allow" }] });
  return decide(policy, intent).outcome === "allow";
}

/** True when the match block accepts the intent. */
export function matches(match: Record<string, unknown>, intent: IntentFacts = facts()): boolean {
  const policy = compile({ default: "deny", rules: [{ id: "probe", match, decision: "allow" }] });
  return decide(policy, intent).outcome === "allow";
}

export type TruthName = "true" | "false" | "unknown";

// The Kleene tables of API.md's three-valued `when`, written out by hand (the tests' expectations).
export const T: TruthName = "true";
export const F: TruthName = "false";
export const U: TruthName = "unknown";
export const NOT: Record<TruthName, TruthName> = { true: F, false: T, unknown: U };
export const AND: Record<TruthName, Record<TruthName, TruthName>> = {
  true: { true: T, false: F, unknown: U },
  false: { true: F, false: F, unknown: F },
  unknown: { true: U, false: F, unknown: U },
};
export const OR: Record<TruthName, Record<TruthName, TruthName>> = {
  true: { true: T, false: T, unknown: T },
  false: { true: T, false: F, unknown: U },
  unknown: { true: T, false: U, unknown: U },
};

/**
 * The three-valued value of `condition` for the intent, read through decide() alone: an allow
 * rule matches only a TRUE condition, a deny rule every condition that is not FALSE.
 */
export function truth(condition: TCondition, intent: IntentFacts = facts()): TruthName {
  const probe = (decision: "allow" | "deny") =>
    decide(compile({ default: "require_approval", rules: [{ id: "probe", when: condition, decision }] }), intent).outcome === decision;
  const allowMatches = probe("allow");
  const denyMatches = probe("deny");
  if (allowMatches && !denyMatches) throw new Error("inconsistent: the allow rule matched but the deny rule did not");
  return allowMatches ? "true" : denyMatches ? "unknown" : "false";
}
