import { beforeAll, describe, expect, it } from "vitest";
import { type TestOrg, type TestUser, createTestOrg } from "../factories/org";
import { call } from "../helpers/api";
import { execute, executeBody, propose } from "../helpers/intents";
import { activeLease, approveRequest, expectRefusal, getLease, leaveShareOfTtl, proposeUnder, requestLease } from "../helpers/leases";

// What a lease's authority is worth (issue 14, holes 2–4): it waives only gates no stronger than
// the approval that granted it, and a delegated lease inherits that strength; widening it is a
// renew-stage approval decided by the policy whoever asks; and a token issued inside it dies with it.

const POLICY = `
version: 1
default: require_approval
rules:
  - id: two-person
    match: { action: payment.refund }
    decision: require_approval
    approvals: 2
  - id: admin-only
    match: { action: crm.delete }
    decision: require_approval
    approver_role: admin
  - id: step-up
    match: { action: "deploy.*" }
    decision: require_approval
    approver_role: publisher
    step_up: true
  - id: two-person-leases
    match: { action: lease.create, agent: [careful-bot] }
    decision: require_approval
    approvals: 2
  - id: two-person-renewals
    match: { action: lease.renew }
    decision: require_approval
    approvals: 2
`;

let org: TestOrg;
let key: string;
let careful: { id: string; name: string; key: string };
let helperAgent: { id: string; name: string; key: string };
let approverA: TestUser;
let approverB: TestUser;

beforeAll(async () => {
  org = await createTestOrg();
  key = (await org.agent()).key;
  careful = await org.agent("careful-bot");
  helperAgent = await org.agent();
  [approverA, approverB] = [await org.user("approver"), await org.user("approver")];
  await org.setPolicy(POLICY);
});

const SCOPE = { capabilities: ["crm.*", "payment.*", "deploy.*"], destinations: [], spend_limit: null };
const run = (action: string, extra: Record<string, unknown> = {}) => ({ action, stage: "run", payload: { action, ...extra } });

/** A lease whose create request two approvers approved (the careful-bot rule asks for two). */
async function twoPersonLease(overrides: Record<string, unknown> = {}) {
  const requested = await requestLease(careful.key, { ...SCOPE, ...overrides });
  await approveRequest(approverA.token, requested.request_intent_id);
  await approveRequest(approverB.token, requested.request_intent_id);
  const lease = await getLease(careful.key, requested.id);
  expect(lease.status).toBe("active");
  return lease;
}

describe("a lease waives only gates no stronger than its own approval", () => {
  it("one approver's lease covers a one-approver gate, not a two-person, admin-only or step-up one", async () => {
    const lease = await activeLease(key, approverA.token, SCOPE);
    const covered = await proposeUnder(key, lease.id, run("crm.update"));
    expect(covered.body.status).toBe("allowed");
    expect(covered.body.decision.reason_code).toBe("within_lease");

    for (const [action, rule] of [["payment.refund", "two-person"], ["crm.delete", "admin-only"], ["deploy.web", "step-up"]]) {
      const gated = await proposeUnder(key, lease.id, run(action, { amount: 5 }));
      expect(gated.body.status, action).toBe("pending_approval");
      expect(gated.body.decision.rule_id).toBe(rule);
      expect(gated.body.decision.reason).toMatch(/does not cover this gate/);
      expect(gated.body.execution_token).toBeUndefined();
    }
  });

  it("a lease two approvers granted covers the two-person gate, still not the admin-only one", async () => {
    const lease = await twoPersonLease();
    expect((await proposeUnder(careful.key, lease.id, run("payment.refund"))).body.status).toBe("allowed");
    expect((await proposeUnder(careful.key, lease.id, run("crm.delete"))).body.status).toBe("pending_approval");
  });

  it("an admin's lease covers the admin-only gate", async () => {
    const lease = await activeLease(key, org.admin.token, SCOPE);
    expect((await proposeUnder(key, lease.id, run("crm.delete"))).body.status).toBe("allowed");
    expect((await proposeUnder(key, lease.id, run("payment.refund"))).body.status, "one admin is still one person").toBe("pending_approval");
  });

  it("a delegated lease inherits its parent's strength and never more", async () => {
    const weak = await activeLease(key, approverA.token, SCOPE);
    const weakChild = await call("POST", `/api/v1/leases/${weak.id}/delegate`, {
      token: key,
      body: { agent: helperAgent.name, capabilities: ["payment.*", "crm.*"], ttl: "1h" },
    });
    expect(weakChild.status).toBe(201);
    expect((await proposeUnder(helperAgent.key, weakChild.body.id, run("payment.refund"))).body.status).toBe("pending_approval");
    expect((await proposeUnder(helperAgent.key, weakChild.body.id, run("crm.update"))).body.status).toBe("allowed");

    const strong = await twoPersonLease();
    const strongChild = await call("POST", `/api/v1/leases/${strong.id}/delegate`, {
      token: careful.key,
      body: { agent: helperAgent.name, capabilities: ["payment.*"], ttl: "1h" },
    });
    expect((await proposeUnder(helperAgent.key, strongChild.body.id, run("payment.refund"))).body.status).toBe("allowed");
  });
});

describe("widening a lease is a renew-stage approval decided by the policy, whoever asks", () => {
  it("a member's widening waits for the two approvals the renew rule asks for; the member counts once", async () => {
    const lease = await activeLease(key, approverA.token, SCOPE);
    const asked = await call("POST", `/api/v1/leases/${lease.id}/renew`, { token: approverA.token, body: { ttl: "48h" } });
    expect(asked.status).toBe(202);
    const renewalId = asked.body.renewal.renewal_intent_id;
    expect((await getLease(key, lease.id)).expires_at).toBe(lease.expires_at);

    const first = await call("POST", `/api/v1/approvals/${renewalId}/approve`, { token: approverA.token, body: { reason: "I asked for it" } });
    expect(first.body.status).toBe("pending_approval");
    expect(first.body.decision).toMatchObject({ rule_id: "two-person-renewals", approvals_required: 2 });
    expectRefusal(await call("POST", `/api/v1/approvals/${renewalId}/approve`, { token: approverA.token, body: { reason: "again" } }), 409, "already_approved_by_user");
    expect((await getLease(key, lease.id)).expires_at, "one person has not widened it").toBe(lease.expires_at);

    const second = await call("POST", `/api/v1/approvals/${renewalId}/approve`, { token: approverB.token, body: { reason: "agreed" } });
    expect(second.body.status).toBe("approved");
    expect(Date.parse((await getLease(key, lease.id)).expires_at)).toBeGreaterThan(Date.now() + 47 * 3600_000);
  });

  it("a policy that denies renewals refuses a member's widening too", async () => {
    const denying = await createTestOrg();
    const agent = await denying.agent();
    await denying.setPolicy("version: 1\ndefault: require_approval\nrules:\n  - id: no-renewals\n    match: { action: lease.renew }\n    decision: deny\n");
    const lease = await activeLease(agent.key, denying.admin.token, SCOPE);
    const res = await call("POST", `/api/v1/leases/${lease.id}/renew`, { token: denying.admin.token, body: { ttl: "48h" } });
    expectRefusal(res, 403, "forbidden", "policy_denied");
    expect((await getLease(agent.key, lease.id)).expires_at).toBe(lease.expires_at);
  });

  it("a renewed lease is only as strong as the weaker of its approvals", async () => {
    const lease = await twoPersonLease();
    const asked = await call("POST", `/api/v1/leases/${lease.id}/renew`, { token: careful.key, body: { ttl: "48h" } });
    const renewalId = asked.body.renewal.renewal_intent_id;
    await approveRequest(approverA.token, renewalId);
    await approveRequest(approverB.token, renewalId);
    expect((await proposeUnder(careful.key, lease.id, run("payment.refund"))).body.status).toBe("allowed");
  });
});

describe("a token issued inside a lease dies with the lease", () => {
  it("revoked after the intent was allowed: execute answers 409 lease_revoked", async () => {
    const lease = await activeLease(key, approverA.token, SCOPE);
    const staged = await proposeUnder(key, lease.id, run("crm.update", { staged: true }));
    expect(staged.body.status).toBe("allowed");
    await call("POST", `/api/v1/leases/${lease.id}/revoke`, { token: approverA.token, body: { reason: "stop" } });
    expectRefusal(await execute(key, staged.body.id, executeBody(staged.body)), 409, "lease_revoked");
  });

  it("an intent under a sub-lease dies when the parent is revoked", async () => {
    const parent = await activeLease(key, approverA.token, SCOPE);
    const child = await call("POST", `/api/v1/leases/${parent.id}/delegate`, { token: key, body: { agent: helperAgent.name, capabilities: ["crm.*"], ttl: "1h" } });
    const staged = await proposeUnder(helperAgent.key, child.body.id, run("crm.update", { child: true }));
    expect(staged.body.status).toBe("allowed");
    await call("POST", `/api/v1/leases/${parent.id}/revoke`, { token: org.admin.token, body: {} });
    expectRefusal(await execute(helperAgent.key, staged.body.id, executeBody(staged.body)), 409, "lease_revoked");
  });

  it("expired after the intent was allowed: execute answers 409 lease_expired, even before any sweep", async () => {
    const lease = await activeLease(key, approverA.token, SCOPE);
    const staged = await proposeUnder(key, lease.id, run("crm.update", { late: true }));
    await leaveShareOfTtl(lease.id, -0.01);
    expectRefusal(await execute(key, staged.body.id, executeBody(staged.body)), 409, "lease_expired");
  });

  it("an intent without a lease executes whatever happens to the agent's leases", async () => {
    const lease = await activeLease(key, approverA.token, SCOPE);
    const free = await propose(key, { action: "payment.refund", payload: { free: true } });
    await approveRequest(approverA.token, free.id);
    const approved = await approveRequest(approverB.token, free.id);
    await call("POST", `/api/v1/leases/${lease.id}/revoke`, { token: approverA.token, body: {} });
    expect((await execute(key, free.id, executeBody(approved))).status).toBe(200);
  });
});

describe("resumes names the calling agent's own intents only", () => {
  it("another agent's intent id answers 404 like one that does not exist", async () => {
    const theirs = await propose(helperAgent.key, { action: "crm.update", payload: { theirs: true } });
    const res = await call("POST", "/api/v1/intents", { token: key, body: { action: "crm.update", stage: "resume", resumes: theirs.id, payload: {} } });
    expectRefusal(res, 404, "not_found");
    const own = await propose(key, { action: "crm.update", payload: { own: true } });
    const resumed = await call("POST", "/api/v1/intents", { token: key, body: { action: "crm.update", stage: "resume", resumes: own.id, payload: {} } });
    expect(resumed.status).toBe(201);
  });
});
