import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hashCanonical } from "../../lib/canonical-json";
import { payloadHashOf } from "../helpers/model/guarantee-context";
import {
  type Decision,
  type MIntent,
  type MLease,
  type Model,
  MIN,
  capsWithin,
  chainStrength,
  countApprovals,
  covers,
  decide,
  leaseRequestDecision,
  slaState,
} from "../helpers/model/guarantee-model";
import { SequenceArbitrary, type Spec, specArbitrary } from "../helpers/model/guarantee-specs";

// The approval-guarantee suite's model (tests/integration/approval-guarantee.test.ts) is only as
// good as its reading of API.md; these pin the parts that are easy to get wrong, and the sequence
// arbitrary's promise to shrink below its minimum length.

function model(): Model {
  return {
    shift: 0,
    doc: 0,
    sodSupported: true,
    members: [
      { key: "A0", userId: "a0", email: "a0@x", role: "admin", tokenAlive: true },
      { key: "u1", userId: "u1", email: "u1@x", role: "approver", tokenAlive: true },
      { key: "u2", userId: "u2", email: "u2@x", role: "approver", tokenAlive: true },
      { key: "u3", userId: "u3", email: "u3@x", role: "publisher", tokenAlive: true },
    ],
    agents: [
      { key: "X", id: "x", name: "x", ownerUserId: "u1" },
      { key: "Y", id: "y", name: "y", ownerUserId: "a0" },
    ],
    intents: [],
    leases: [],
    n: 0,
    invites: 0,
  };
}

function pending(m: Model, action: string, stage: MIntent["stage"] = "run", createdAt = 0): MIntent {
  return {
    id: `int_${m.intents.length}`,
    kind: "regular",
    agent: "X",
    action,
    stage,
    leaseId: null,
    resumes: null,
    payloadHash: "h",
    createdAt,
    doc: m.doc,
    decision: decide(m, m.doc, action, stage),
    status: "pending_approval",
    approvals: [],
    executableAt: null,
    authority: null,
    token: null,
    tokenUsed: false,
  };
}

describe("the hand-written decision table", () => {
  it("reads gates from the table, and the publish stage makes every approval a publisher+ step-up", () => {
    const m = model();
    expect(decide(m, 0, "t.two", "run")).toMatchObject({ outcome: "require_approval", gate: { n: 2, role: "approver", stepUp: false } });
    expect(decide(m, 0, "t.one", "publish")).toMatchObject({ gate: { n: 1, role: "publisher", stepUp: true } });
    expect(decide(m, 0, "t.stepup", "run")).toMatchObject({ gate: { role: "publisher", stepUp: true } });
    expect(decide(m, 0, "t.sod", "run")).toMatchObject({ gate: { sod: true } });
    expect(decide(m, 1, "t.other", "run")).toEqual({ outcome: "deny", code: "policy_denied" });
    expect(decide(m, 0, "t.deny", "run")).toEqual({ outcome: "deny", code: "never_automated" });
    expect(decide(m, 2, "t.auto", "publish")).toEqual({ outcome: "allow" });
  });

  it("never lets a lease request through without a human, and keeps the policy's shape of the gate", () => {
    const m = model();
    m.doc = 2;
    expect(leaseRequestDecision(m, "lease.renew")).toMatchObject({ outcome: "require_approval", gate: { n: 1, role: "approver" } });
    expect(leaseRequestDecision(m, "lease.create")).toMatchObject({ gate: { stepUp: true, role: "publisher" } });
    m.doc = 1;
    expect(leaseRequestDecision(m, "lease.create")).toMatchObject({ gate: { n: 2 } });
  });
});

describe("SLA and who counts", () => {
  it("escalates once to the next role with a second SLA of the same length, then expires", () => {
    const m = model();
    const i = pending(m, "t.esc");
    expect(slaState(i, 59 * MIN)).toMatchObject({ role: "approver", expired: false });
    expect(slaState(i, 60 * MIN)).toMatchObject({ role: "publisher", expired: false, escalated: true });
    expect(slaState(i, 120 * MIN)).toMatchObject({ expired: true });
    expect(slaState(pending(m, "t.sla"), 60 * MIN)).toMatchObject({ expired: true, escalated: false });
  });

  it("counts distinct givers still members with the role, never the owner where separated, stepped up where required", () => {
    const m = model();
    const two = pending(m, "t.two");
    two.approvals = [
      { userId: "u1", decision: "approve", stepUp: false, at: 0 },
      { userId: "u1", decision: "approve", stepUp: false, at: 1 },
      { userId: "u2", decision: "approve", stepUp: false, at: 2 },
    ];
    expect(countApprovals(m, two, 3).approvers).toEqual(["u1", "u2"]);
    m.members[2].role = "viewer";
    m.members[1].role = null;
    expect(countApprovals(m, two, 3)).toEqual({
      approvers: [],
      excluded: [
        { userId: "u1", why: "removed since approving" },
        { userId: "u2", why: "now viewer, below approver" },
      ],
    });
    const sod = pending(model(), "t.sod");
    sod.approvals = [{ userId: "u1", decision: "approve", stepUp: false, at: 0 }];
    expect(countApprovals(model(), sod, 1).excluded[0].why).toContain("separate_duties");
  });
});

describe("lease strength", () => {
  const lease = (id: string, parentId: string | null, strength: MLease["strength"]): MLease => ({
    id, agent: "X", status: "active", caps: ["t.*"], ttlMs: 60 * MIN, expiresAt: 60 * MIN, parentId, depth: parentId ? 1 : 0,
    requestIntentId: null, renewal: null, strength,
  });

  it("waives a gate only when count, role and step-up all reach it; a chain is its weakest link", () => {
    const m = model();
    m.leases.push(lease("root", null, { count: 2, role: "publisher", stepUp: true, approvers: ["a0", "u3"] }));
    m.leases.push(lease("child", "root", { count: 1, role: "admin", stepUp: true, approvers: ["a0"] }));
    const gate = (action: string, stage: MIntent["stage"] = "run") => (decide(m, 0, action, stage) as Extract<Decision, { outcome: "require_approval" }>).gate;
    expect(covers(chainStrength(m, "root"), gate("t.two"))).toBe(true);
    expect(covers(chainStrength(m, "root"), gate("t.admin"))).toBe(false);
    expect(covers(chainStrength(m, "child"), gate("t.two"))).toBe(false);
    expect(covers(chainStrength(m, "child"), gate("t.stepup"))).toBe(true);
    expect(covers(null, gate("t.one"))).toBe(false);
  });

  it("contains capability globs the way the suite uses them", () => {
    expect(capsWithin(["t.one"], ["t.*"])).toBe(true);
    expect(capsWithin(["t.*"], ["t.one", "t.two"])).toBe(false);
    expect(capsWithin(["t.one", "x.extra"], ["t.*"])).toBe(false);
    expect(capsWithin(["x.extra", "t.*"], ["*"])).toBe(true);
  });
});

describe("the suite's own plumbing", () => {
  it("computes payload_hash independently, and the same way as the contract", () => {
    for (const n of [1, 42, 1000]) expect(payloadHashOf(n)).toBe(hashCanonical({ n }));
  });

  it("generates 40–50 steps (the suite: 44–54) yet shrinks a counterexample below that, to the one step that matters", () => {
    const arb = new SequenceArbitrary(specArbitrary(new Set()), 40, 50);
    for (const specs of fc.sample(arb, 20)) expect(specs.length).toBeGreaterThanOrEqual(40);
    const result = fc.check(fc.property(arb, (specs: Spec[]) => !specs.some((s) => s.t === "remove")), { seed: 7 });
    expect(result.failed).toBe(true);
    expect(result.counterexample?.[0]).toEqual([{ t: "remove", who: 0 }]);
  });
});
