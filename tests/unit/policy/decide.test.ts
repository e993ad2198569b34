import { describe, expect, it } from "vitest";
import { compilePolicy, decide, type PolicyDecision, validatePolicy } from "../../../lib/policy";
import { compile, facts } from "./policy-fixtures";

describe("rule order", () => {
  it("higher priority wins regardless of document position", () => {
    const policy = compile({
      rules: [
        { id: "low", priority: 1, decision: "allow" },
        { id: "high", priority: 100, decision: "deny" },
        { id: "mid", priority: 50, decision: "require_approval" },
      ],
    });
    expect(policy.rules.map((r) => r.id)).toEqual(["high", "mid", "low"]);
    expect(decide(policy, facts())).toMatchObject({ outcome: "deny", ruleId: "high" });
  });

  it("ties go to document order; priority defaults to 0 and may be negative", () => {
    const policy = compile({
      rules: [
        { id: "neg", priority: -5, decision: "deny" },
        { id: "first", decision: "allow" },
        { id: "second", priority: 0, decision: "deny" },
        { id: "third", decision: "require_approval" },
      ],
    });
    expect(policy.rules.map((r) => r.id)).toEqual(["first", "second", "third", "neg"]);
    expect(decide(policy, facts()).ruleId).toBe("first");
  });

  it("the first matching rule decides; non-matching rules are skipped", () => {
    const policy = compile({
      rules: [
        { id: "big", priority: 10, when: { field: "amount", op: "gte", value: 1000 }, decision: "deny" },
        { id: "email", priority: 5, match: { action: "email.*" }, decision: "require_approval" },
        { id: "rest", decision: "allow" },
      ],
    });
    expect(decide(policy, facts({ amount: 5000 })).ruleId).toBe("big");
    expect(decide(policy, facts({ action: "email.send" })).ruleId).toBe("email");
    expect(decide(policy, facts()).ruleId).toBe("rest");
  });
});

describe("pre-filters (exact-action index, stage mask) keep the evaluation order", () => {
  const policy = compile({
    rules: [
      { id: "exact-low", priority: 1, match: { action: "payment.refund" }, decision: "allow" },
      { id: "glob-mid", priority: 5, match: { action: "payment.*" }, when: { field: "amount", op: "gt", value: 100 }, decision: "deny" },
      { id: "exact-high", priority: 9, match: { action: ["payment.refund", "payment.refund"], stage: "publish" }, decision: "deny" },
      { id: "any-action", priority: 3, match: { environment: "staging" }, decision: "require_approval" },
    ],
  });

  it("merges exact-action and glob rules by priority", () => {
    expect(decide(policy, facts({ amount: 500 })).ruleId).toBe("glob-mid");
    expect(decide(policy, facts({ amount: 5 })).ruleId).toBe("exact-low");
    expect(decide(policy, facts({ amount: 5, stage: "publish" })).ruleId).toBe("exact-high");
    expect(decide(policy, facts({ amount: 5, environment: "staging" })).ruleId).toBe("any-action");
    expect(decide(policy, facts({ action: "payment.charge", amount: 5 })).ruleId).toBeNull();
  });

  it("an intent with an unknown stage still reaches rules without a stage key", () => {
    const odd = facts({ stage: "deploy" as never, amount: 5 });
    expect(decide(policy, odd).ruleId).toBe("exact-low");
  });

  it("rule.test on its own agrees with decide", () => {
    const exactHigh = policy.rules.find((r) => r.id === "exact-high");
    expect(exactHigh?.test(facts({ stage: "publish" }))).toBe(true);
    expect(exactHigh?.test(facts({ stage: "publish", action: "payment.charge" }))).toBe(false);
  });
});

describe("no matching rule", () => {
  it.each(["allow", "deny", "require_approval"] as const)("applies default %s with ruleId null", (outcome) => {
    const policy = compile({ default: outcome, rules: [{ id: "never", match: { action: "nope" }, decision: "allow" }] });
    const decision = decide(policy, facts());
    expect(decision.outcome).toBe(outcome);
    expect(decision.ruleId).toBeNull();
    expect(decision.reason).toBe("No rule matched; policy default applies");
    expect(decision.reasonCode).toBe(
      { allow: "policy_allowed", deny: "policy_denied", require_approval: "approval_required" }[outcome],
    );
    expect(decision.approvalsRequired).toBe(outcome === "require_approval" ? 1 : 0);
  });

  it("the default default is require_approval", () => {
    expect(decide(compile({}), facts())).toMatchObject({ outcome: "require_approval", ruleId: null });
  });
});

describe("fail closed", () => {
  it.each([null, undefined])("no policy (%s) requires approval", (policy) => {
    const decision = decide(policy, facts());
    expect(decision).toEqual({
      outcome: "require_approval",
      ruleId: null,
      reason: "No valid policy is active; failing closed",
      reasonCode: "approval_required",
      approvalsRequired: 1,
      approverRole: "approver",
      stepUpRequired: false,
      separateDuties: false,
      reviewerGroups: [],
      assignedOnly: false,
      slaSeconds: null,
      onTimeout: "deny",
      shadow: [],
      sampleRate: null,
    } satisfies PolicyDecision);
  });

  it("a rule that throws stops evaluation and requires approval, never reaching a lower allow", () => {
    const policy = compile({
      default: "allow",
      rules: [
        { id: "fragile", priority: 10, when: { field: "payload.secret", op: "eq", value: 1 }, decision: "deny" },
        { id: "allow-all", decision: "allow" },
      ],
    });
    const payload = {
      get secret(): never {
        throw new Error("boom");
      },
    };
    const decision = decide(policy, facts({ payload }));
    expect(decision.outcome).toBe("require_approval");
    expect(decision.ruleId).toBe("fragile");
    expect(decision.reasonCode).toBe("approval_required");
    expect(decision.reason).toMatch(/evaluation error/);
    expect(decision.approvalsRequired).toBe(1);
    expect(decide(policy, facts({ payload: { secret: 2 } })).ruleId).toBe("allow-all");
  });

  it("an error in an exact-action rule is caught the same way", () => {
    const policy = compile({
      default: "allow",
      rules: [{ id: "exact", match: { action: "payment.refund" }, when: { field: "payload.x", op: "exists" }, decision: "allow" }],
    });
    const payload = new Proxy({}, {
      getOwnPropertyDescriptor() {
        throw new Error("hostile");
      },
    });
    expect(decide(policy, facts({ payload }))).toMatchObject({ outcome: "require_approval", ruleId: "exact" });
  });

  it("an erroring require_approval rule keeps its own requirements", () => {
    const policy = compile({
      rules: [
        {
          id: "strict",
          when: { field: "context.x", op: "exists" },
          decision: "require_approval",
          approvals: 3,
          approver_role: "admin",
          sla: "2h",
        },
      ],
    });
    const context = new Proxy({}, {
      getOwnPropertyDescriptor() {
        throw new Error("hostile");
      },
    });
    const decision = decide(policy, facts({ context }));
    expect(decision).toMatchObject({ outcome: "require_approval", ruleId: "strict", approvalsRequired: 3 });
    expect(decision.approverRole).toBe("admin");
    expect(decision.slaSeconds).toBe(7200);
    expect(decision.reason).toMatch(/evaluation error/);
  });
});

describe("decision fields", () => {
  const one = (rule: Record<string, unknown>, intent = facts()) =>
    decide(compile({ rules: [{ id: "r", ...rule }] }), intent);

  it("allow: policy_allowed, no approvals, custom fields ignored", () => {
    const d = one({ decision: "allow", reason_code: "policy_denied", approvals: 2, step_up: true, sla: "1h" });
    expect(d).toMatchObject({ outcome: "allow", ruleId: "r", reasonCode: "policy_allowed", approvalsRequired: 0 });
    expect(d.stepUpRequired).toBe(false);
    expect(d.reason).toBe('Rule "r" allows this intent');
  });

  it("deny: reason_code defaults to policy_denied and can be customised", () => {
    expect(one({ decision: "deny" }).reasonCode).toBe("policy_denied");
    expect(one({ decision: "deny", reason_code: "refund_limit_exceeded" }).reasonCode).toBe("refund_limit_exceeded");
    expect(one({ decision: "deny" }).reason).toBe('Rule "r" denies this intent');
    expect(one({ decision: "deny", approvals: 4 }).approvalsRequired).toBe(0);
  });

  it("require_approval: approval_required, approvals default 1, custom reason and count", () => {
    const d = one({ decision: "require_approval" });
    expect(d).toMatchObject({ reasonCode: "approval_required", approvalsRequired: 1, approverRole: "approver" });
    expect(d.reason).toBe('Rule "r" requires approval');
    const custom = one({ decision: "require_approval", approvals: 2, reason: "Two people", reason_code: "ignored" });
    expect(custom).toMatchObject({ approvalsRequired: 2, reason: "Two people", reasonCode: "approval_required" });
  });

  it("approver_role passes through", () => {
    expect(one({ decision: "require_approval", approver_role: "admin" }).approverRole).toBe("admin");
    expect(one({ decision: "require_approval", approver_role: "viewer" }).approverRole).toBe("viewer");
  });

  it("step_up: true requires step-up and raises the role to publisher", () => {
    const d = one({ decision: "require_approval", step_up: true });
    expect(d.stepUpRequired).toBe(true);
    expect(d.approverRole).toBe("publisher");
    expect(one({ decision: "require_approval", step_up: true, approver_role: "admin" }).approverRole).toBe("admin");
    expect(one({ decision: "require_approval", step_up: false }).stepUpRequired).toBe(false);
  });

  it("publish-stage approvals always need step-up, even with step_up: false", () => {
    const publish = facts({ stage: "publish" });
    const d = one({ decision: "require_approval", step_up: false }, publish);
    expect(d.stepUpRequired).toBe(true);
    expect(d.approverRole).toBe("publisher");
    expect(one({ decision: "require_approval" }, publish).stepUpRequired).toBe(true);
    expect(decide(compile({}), publish)).toMatchObject({ ruleId: null, stepUpRequired: true, approverRole: "publisher" });
    expect(decide(null, publish)).toMatchObject({ stepUpRequired: true, approverRole: "publisher" });
  });

  it("publish stage does not add step-up to allow or deny", () => {
    const publish = facts({ stage: "publish" });
    expect(one({ decision: "allow" }, publish).stepUpRequired).toBe(false);
    expect(one({ decision: "deny", step_up: true }, publish)).toMatchObject({ stepUpRequired: false, approverRole: "approver" });
  });

  it.each([
    ["45s", 45],
    ["15m", 900],
    ["1h", 3600],
    ["7d", 604_800],
  ])("sla %s is %d seconds", (sla, seconds) => {
    expect(one({ decision: "require_approval", sla }).slaSeconds).toBe(seconds);
  });

  it("sla is null when absent", () => {
    expect(one({ decision: "require_approval" }).slaSeconds).toBeNull();
  });

  it("on_timeout defaults to deny and can escalate", () => {
    expect(one({ decision: "require_approval" }).onTimeout).toBe("deny");
    expect(one({ decision: "require_approval", on_timeout: "escalate" }).onTimeout).toBe("escalate");
  });

  it("separate_duties: only a require_approval rule carries it; default false", () => {
    expect(one({ decision: "require_approval", separate_duties: true }).separateDuties).toBe(true);
    expect(one({ decision: "require_approval", separate_duties: false }).separateDuties).toBe(false);
    expect(one({ decision: "require_approval" }).separateDuties).toBe(false);
    expect(one({ decision: "allow", separate_duties: true }).separateDuties).toBe(false);
    expect(one({ decision: "deny", separate_duties: true }).separateDuties).toBe(false);
    expect(one({ decision: "require_approval", separate_duties: true }, facts({ stage: "publish" }))).toMatchObject({
      separateDuties: true,
      stepUpRequired: true,
    });
  });

  it("separate_duties is false for the default and the fail-closed decision, at every stage", () => {
    expect(decide(compile({ default: "require_approval" }), facts()).separateDuties).toBe(false);
    expect(decide(null, facts()).separateDuties).toBe(false);
    expect(decide(null, facts({ stage: "publish" })).separateDuties).toBe(false);
  });

  it("an erroring require_approval rule keeps separate_duties; an erroring deny rule does not invent it", () => {
    const context = new Proxy({}, {
      getOwnPropertyDescriptor() {
        throw new Error("hostile");
      },
    });
    const erroring = (decision: string) =>
      decide(compile({ rules: [{ id: "r", when: { field: "context.x", op: "exists" }, decision, separate_duties: true }] }), facts({ context }));
    expect(erroring("require_approval")).toMatchObject({ outcome: "require_approval", ruleId: "r", separateDuties: true });
    expect(erroring("deny")).toMatchObject({ outcome: "require_approval", ruleId: "r", separateDuties: false });
  });

  it("returns a fresh object that callers may mutate", () => {
    const policy = compile({ rules: [{ id: "r", decision: "deny" }] });
    const first = decide(policy, facts());
    first.reason = "changed";
    expect(decide(policy, facts()).reason).toBe('Rule "r" denies this intent');
  });
});

describe("the API.md example", () => {
  const example = {
    version: 1,
    default: "require_approval",
    rules: [
      {
        id: "refunds-small",
        priority: 50,
        match: {
          action: "payment.refund",
          environment: "production",
          agent: ["billing-bot"],
          stage: ["run"],
          risk_tags: ["payment"],
          destination: "*.stripe.com",
        },
        when: {
          all: [
            { field: "amount", op: "lt", value: 100 },
            { field: "context.confidence", op: "gte", value: 0.95 },
          ],
        },
        decision: "allow",
        reason: "Small refunds with high confidence auto-approve",
        reason_code: "policy_denied",
        approvals: 2,
        approver_role: "approver",
        step_up: false,
        sla: "1h",
        on_timeout: "deny",
      },
    ],
  };

  it("allows a small confident refund and requires approval otherwise", () => {
    const result = validatePolicy(example);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const policy = compilePolicy(result.document);
    expect(decide(policy, facts())).toMatchObject({
      outcome: "allow",
      ruleId: "refunds-small",
      reason: "Small refunds with high confidence auto-approve",
      reasonCode: "policy_allowed",
    });
    expect(decide(policy, facts({ amount: 100 })).outcome).toBe("require_approval");
    expect(decide(policy, facts({ amount: undefined })).outcome).toBe("require_approval");
    expect(decide(policy, facts({ context: { confidence: "0.99" } })).outcome).toBe("require_approval");
  });
});
