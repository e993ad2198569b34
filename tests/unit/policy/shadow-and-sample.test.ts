import { describe, expect, it } from "vitest";
import { compilePolicy, decide, type IntentFacts, validatePolicy } from "../../../lib/policy";

function compile(doc: unknown) {
  const parsed = validatePolicy(doc);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return compilePolicy(parsed.document);
}

const facts = (over: Partial<IntentFacts> = {}): IntentFacts => ({ action: "email.send", agent: "bot", stage: "run", riskTags: [], amount: 10, ...over });

describe("shadow rules", () => {
  it("are recorded but never gate: the next rule in order decides", () => {
    const policy = compile({
      default: "allow",
      rules: [
        { id: "trial-block", priority: 10, mode: "shadow", match: { action: "email.*" }, decision: "deny", reason_code: "bulk_blocked" },
        { id: "trial-review", priority: 5, mode: "shadow", match: { action: "email.send" }, decision: "require_approval" },
        { id: "send-ok", match: { action: "email.send" }, decision: "allow" },
      ],
    });
    const d = decide(policy, facts());
    expect(d.outcome).toBe("allow");
    expect(d.ruleId).toBe("send-ok");
    expect(d.shadow).toEqual([
      { ruleId: "trial-block", outcome: "deny", reasonCode: "bulk_blocked" },
      { ruleId: "trial-review", outcome: "require_approval", reasonCode: "approval_required" },
    ]);
  });

  it("only record shadow rules that match and come before the deciding rule", () => {
    const policy = compile({
      rules: [
        { id: "decides", priority: 10, match: { action: "email.send" }, decision: "allow" },
        { id: "later-shadow", priority: 1, mode: "shadow", decision: "deny" },
        { id: "other-shadow", priority: 20, mode: "shadow", match: { action: "crm.*" }, decision: "deny" },
      ],
    });
    expect(decide(policy, facts()).shadow).toEqual([]);
  });

  it("keep their own errors: a throwing shadow rule is recorded as an error and does not stop evaluation", () => {
    const throwing = { get boom(): number { throw new Error("getter"); } };
    const policy = compile({
      rules: [
        { id: "fragile", priority: 10, mode: "shadow", when: { field: "payload.boom", op: "eq", value: 1 }, decision: "deny" },
        { id: "allow-all", decision: "allow" },
      ],
    });
    const d = decide(policy, facts({ payload: throwing }));
    expect(d.outcome).toBe("allow");
    expect(d.shadow).toEqual([{ ruleId: "fragile", outcome: "require_approval", reasonCode: "approval_required", error: true }]);
  });

  it("reject unknown modes and out-of-range samples as invalid policies", () => {
    expect(validatePolicy({ rules: [{ id: "x", decision: "allow", mode: "audit" }] }).ok).toBe(false);
    expect(validatePolicy({ rules: [{ id: "x", decision: "allow", sample: 1.5 }] }).ok).toBe(false);
  });
});

describe("sampling", () => {
  it("reports the deciding allow rule's sample rate, and none for other outcomes", () => {
    const policy = compile({
      rules: [
        { id: "small", match: { action: "payment.refund" }, when: { field: "amount", op: "lt", value: 100 }, decision: "allow", sample: 0.05 },
        { id: "big", match: { action: "payment.refund" }, decision: "require_approval", sample: 0.5 },
      ],
    });
    expect(decide(policy, facts({ action: "payment.refund", amount: 10 })).sampleRate).toBe(0.05);
    expect(decide(policy, facts({ action: "payment.refund", amount: 500 })).sampleRate).toBeNull();
    expect(decide(policy, facts({ action: "other" })).sampleRate).toBeNull();
  });
});
