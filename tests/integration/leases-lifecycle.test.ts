import { describe, expect, it } from "vitest";
import { createTestOrg } from "../factories/org";
import { call } from "../helpers/api";
import { activeLease, approveRequest, expectDenied, expectRefusal, getLease, leaseBody, proposeUnder, requestLease } from "../helpers/leases";
import { sqlExec } from "../helpers/sql";

// A lease from request to revocation: the create-stage approval in the queue, activation, usage
// figures, Idempotency-Key, renewal (narrowing at once, widening through the queue) and revoke.

const POLICY = `
version: 1
default: require_approval
rules:
  - id: refunds
    match: { action: payment.refund }
    decision: allow
`;

async function setup() {
  const org = await createTestOrg();
  const agent = await org.agent();
  await org.setPolicy(POLICY);
  return { org, agent, key: agent.key, admin: org.admin.token };
}

const queue = async (token: string) => (await call("GET", "/api/v1/approvals", { token })).body.items as any[];
const near = (iso: string, expectedMs: number, slackMs = 60_000) => expect(Math.abs(new Date(iso).getTime() - expectedMs)).toBeLessThan(slackMs);

describe("lease request and approval", () => {
  it("starts pending_approval with a create-stage item in the queue whose payload is the scope", async () => {
    const { agent, key, admin } = await setup();
    const res = await call("POST", "/api/v1/leases", { token: key, body: leaseBody() });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: "pending_approval", agent_id: agent.id, expires_at: null, spent: 0, remaining: 500, intents_count: 0 });

    const item = (await queue(admin)).find((i) => i.intent.id === res.body.request_intent_id);
    expect(item, "the lease request is in the approval queue").toBeDefined();
    expect(item.intent).toMatchObject({ action: "lease.create", stage: "create", status: "pending_approval", lease_id: res.body.id });
    expect(item.intent.payload).toEqual({
      capabilities: ["email.send", "crm.*"],
      destinations: ["*.example.com"],
      spend_limit: { amount: 500, currency: "USD", window: "24h" },
      ttl: "8h",
      purpose: "Quarterly outreach campaign",
    });
    expect(item.intent.execution_token).toBeUndefined();
  });

  it("approval activates it for its ttl; rejection revokes it", async () => {
    const { key, admin } = await setup();
    const granted = await requestLease(key);
    const approved = await approveRequest(admin, granted.request_intent_id);
    expect(approved.status).toBe("approved");
    expect(approved.execution_token, "a lease request executes nothing").toBeUndefined();
    const active = await getLease(key, granted.id);
    expect(active.status).toBe("active");
    near(active.expires_at, Date.now() + 8 * 3600_000);

    const refused = await requestLease(key, { purpose: "something else" });
    const rejected = await call("POST", `/api/v1/approvals/${refused.request_intent_id}/reject`, { token: admin, body: { reason: "too broad" } });
    expect(rejected.status).toBe(200);
    const revoked = await getLease(key, refused.id);
    expect(revoked).toMatchObject({ status: "revoked", expires_at: null });
    expect((await queue(admin)).some((i) => i.intent.id === refused.request_intent_id)).toBe(false);
  });

  it("GET shows spent, remaining and intents_count over the spend window", async () => {
    const { key, admin } = await setup();
    const lease = await activeLease(key, admin);
    for (const amount of [120, 80]) {
      const res = await proposeUnder(key, lease.id, { action: "crm.update", destination: "api.example.com", amount, currency: "USD" });
      expect(res.body.status).toBe("allowed");
    }
    const outside = await proposeUnder(key, lease.id, { action: "crm.update", destination: "api.example.com", amount: 400, currency: "USD" });
    expectDenied(outside, "spend_limit_exceeded");
    expect(await getLease(key, lease.id)).toMatchObject({ spent: 200, remaining: 300, intents_count: 2 });
    // Members read the same figures.
    expect(await getLease(admin, lease.id)).toMatchObject({ spent: 200, remaining: 300, intents_count: 2 });

    // Spend older than the window no longer counts.
    await sqlExec("UPDATE intents SET created_at = created_at - interval '25 hours' WHERE lease_id = $1 AND amount = 120", lease.id);
    expect(await getLease(key, lease.id)).toMatchObject({ spent: 80, remaining: 420, intents_count: 1 });
  });

  it("replays an Idempotency-Key with the same body (200, same lease) and refuses a different body (409)", async () => {
    const { key } = await setup();
    const headers = { "idempotency-key": "lease-req-1" };
    const first = await call("POST", "/api/v1/leases", { token: key, body: leaseBody(), headers });
    const again = await call("POST", "/api/v1/leases", { token: key, body: leaseBody(), headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.request_intent_id).toBe(first.body.request_intent_id);
    const other = await call("POST", "/api/v1/leases", { token: key, body: leaseBody({ ttl: "9h" }), headers });
    expectRefusal(other, 409, "idempotency_conflict");
    const list = await call("GET", "/api/v1/leases", { token: key });
    expect(list.body.items.map((l: { id: string }) => l.id)).toEqual([first.body.id]);
  });
});

describe("lease renewal", () => {
  it("applies a narrowing at once (200, renewal.applied)", async () => {
    const { key, admin } = await setup();
    const lease = await activeLease(key, admin);
    const res = await call("POST", `/api/v1/leases/${lease.id}/renew`, {
      token: key,
      body: { ttl: "1h", capabilities: ["email.send"], spend_limit: { amount: 100, currency: "USD", window: "24h" } },
    });
    expect(res.status).toBe(200);
    expect(res.body.renewal).toEqual({ applied: true, renewal_intent_id: null });
    expect(res.body).toMatchObject({ status: "active", capabilities: ["email.send"], spend_limit: { amount: 100 }, ttl: "1h" });
    near(res.body.expires_at, Date.now() + 3600_000);
    expect((await queue(admin)).some((i) => i.intent.lease_id === lease.id)).toBe(false);
    const dropped = await proposeUnder(key, lease.id, { action: "crm.update", destination: "api.example.com" });
    expectDenied(dropped, "out_of_scope");
  });

  it("queues a widening by the agent (202); approving it applies the scope and restarts the clock; a second widening waits → 409", async () => {
    const { key, admin } = await setup();
    const lease = await activeLease(key, admin);
    // Most of the lease's time has passed: approving the renewal must restart the clock.
    await sqlExec("UPDATE leases SET expires_at = expires_at - interval '7 hours' WHERE id = $1", lease.id);
    const wider = { ttl: "12h", capabilities: ["email.*", "crm.*"], spend_limit: { amount: 900, currency: "USD", window: "24h" } };
    const res = await call("POST", `/api/v1/leases/${lease.id}/renew`, { token: key, body: { ...wider, reason: "campaign extended" } });
    expect(res.status).toBe(202);
    expect(res.body.renewal.applied).toBe(false);
    expect(res.body.capabilities, "nothing changes before a human approves").toEqual(["email.send", "crm.*"]);

    const item = (await queue(admin)).find((i) => i.intent.id === res.body.renewal.renewal_intent_id);
    expect(item.intent).toMatchObject({ action: "lease.renew", stage: "renew", lease_id: lease.id, status: "pending_approval" });
    expect(item.intent.payload.requested).toMatchObject({ capabilities: ["email.*", "crm.*"], spend_limit: { amount: 900 }, ttl: "12h" });
    expect(item.intent.payload.current).toMatchObject({ capabilities: ["email.send", "crm.*"], spend_limit: { amount: 500 }, ttl: "8h" });

    const second = await call("POST", `/api/v1/leases/${lease.id}/renew`, { token: key, body: { ttl: "24h" } });
    expectRefusal(second, 409, "conflict");

    await approveRequest(admin, item.intent.id, "extension agreed");
    const renewed = await getLease(key, lease.id);
    expect(renewed).toMatchObject({ status: "active", capabilities: ["email.*", "crm.*"], spend_limit: { amount: 900 }, ttl: "12h", renewal_intent_id: null });
    near(renewed.expires_at, Date.now() + 12 * 3600_000);
    const now = await proposeUnder(key, lease.id, { action: "email.digest", destination: "mail.example.com", amount: 700, currency: "USD" });
    expect(now.body.status).toBe("allowed");
  });

  it("sends a member's widening to the queue like the agent's, and refuses a viewer", async () => {
    const { org, key, admin } = await setup();
    const lease = await activeLease(key, admin);
    const [approver, viewer] = [await org.user("approver"), await org.user("viewer")];
    const refused = await call("POST", `/api/v1/leases/${lease.id}/renew`, { token: viewer.token, body: { ttl: "24h" } });
    expectRefusal(refused, 403, "forbidden");
    const res = await call("POST", `/api/v1/leases/${lease.id}/renew`, { token: approver.token, body: { ttl: "24h", capabilities: ["*"] } });
    expect(res.status).toBe(202);
    expect(res.body.renewal.applied).toBe(false);
    expect(res.body.capabilities, "nothing widened before the approval").toEqual(lease.capabilities);
    near(res.body.expires_at, new Date(lease.expires_at).getTime());
    const item = (await queue(admin)).find((i) => i.intent.id === res.body.renewal.renewal_intent_id);
    expect(item.intent).toMatchObject({ action: "lease.renew", stage: "renew", agent_id: lease.agent_id });
    expect(item.intent.payload.requested_by).toEqual({ type: "user", id: approver.userId });
  });
});

describe("lease revocation", () => {
  it("by a member: revoked at once, the next intent is denied lease_revoked, a second revoke is 409", async () => {
    const { org, key, admin } = await setup();
    const lease = await activeLease(key, admin);
    const viewer = await org.user("viewer");
    expectRefusal(await call("POST", `/api/v1/leases/${lease.id}/revoke`, { token: viewer.token, body: {} }), 403, "forbidden");
    const approver = await org.user("approver");
    const res = await call("POST", `/api/v1/leases/${lease.id}/revoke`, { token: approver.token, body: { reason: "campaign over" } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "revoked", revocation_reason: "campaign over" });
    expect(res.body.revoked_at).not.toBeNull();
    expectDenied(await proposeUnder(key, lease.id, { action: "email.send", destination: "mail.example.com" }), "lease_revoked");
    expectRefusal(await call("POST", `/api/v1/leases/${lease.id}/revoke`, { token: admin, body: {} }), 409, "conflict");
  });

  it("by the agent holding it, with its waiting renewal cancelled; another agent gets 404", async () => {
    const { org, key, admin } = await setup();
    const lease = await activeLease(key, admin);
    const renewal = await call("POST", `/api/v1/leases/${lease.id}/renew`, { token: key, body: { ttl: "48h" } });
    expect(renewal.status).toBe(202);
    const stranger = await org.agent();
    expectRefusal(await call("POST", `/api/v1/leases/${lease.id}/revoke`, { token: stranger.key, body: {} }), 404, "not_found");
    const res = await call("POST", `/api/v1/leases/${lease.id}/revoke`, { token: key, body: {} });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("revoked");
    expectDenied(await proposeUnder(key, lease.id, { action: "email.send", destination: "mail.example.com" }), "lease_revoked");
    const renewalId = renewal.body.renewal.renewal_intent_id;
    expect((await call("GET", `/api/v1/intents/${renewalId}`, { token: key })).body.status).toBe("cancelled");
    const log = await call("GET", `/api/v1/intents/${renewalId}/decisions`, { token: key });
    expect(log.body.items.map((i: { kind: string }) => i.kind)).toEqual(["policy", "assignment", "cancel"]);
  });

  it("of a lease still waiting for approval withdraws its create request from the queue", async () => {
    const { key, admin } = await setup();
    const requested = await requestLease(key);
    expect((await call("POST", `/api/v1/leases/${requested.id}/revoke`, { token: key, body: { reason: "not needed" } })).status).toBe(200);
    expect((await queue(admin)).some((i) => i.intent.id === requested.request_intent_id)).toBe(false);
    const late = await call("POST", `/api/v1/approvals/${requested.request_intent_id}/approve`, { token: admin, body: { reason: "ok" } });
    expectRefusal(late, 409, "already_resolved");
    expect((await getLease(key, requested.id)).status).toBe("revoked");
  });
});
