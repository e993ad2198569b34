import { describe, expect, it } from "vitest";
import { createTestOrg, type TestOrg } from "../factories/org";
import { call } from "../helpers/api";
import { propose } from "../helpers/intents";
import { auditTypesFor, sqlExec } from "../helpers/sql";

// Who may resolve what, with which reason: the approvals side of the contract, the review
// queue's fields and filters, and batch resolution.

const POLICY = `
version: 1
default: require_approval
rules:
  - id: publisher-only
    match: { action: site.deploy }
    decision: require_approval
    approver_role: publisher
    reason: Deploys need a publisher
  - id: step-up
    match: { action: payment.payout }
    decision: require_approval
    step_up: true
  - id: two-person
    match: { action: wire.send }
    decision: require_approval
    approvals: 2
  - id: outreach
    match: { action: email.send, environment: production }
    decision: require_approval
    reason: Outreach is reviewed
    sla: 2h
`;

async function setup(): Promise<{ org: TestOrg; key: string; agentName: string }> {
  const org = await createTestOrg();
  const agent = await org.agent();
  await org.setPolicy(POLICY);
  return { org, key: agent.key, agentName: agent.name };
}

const resolve = (token: string, id: string, decision: "approve" | "reject", body: object) =>
  call("POST", `/api/v1/approvals/${id}/${decision}`, { token, body });

function expectError(res: { status: number; body: { error?: { code: string } } }, status: number, code: string) {
  expect({ status: res.status, code: res.body.error?.code }).toEqual({ status, code });
}

describe("reasons", () => {
  it("reject always needs a reason; approve needs one only within 10 s of the request", async () => {
    const { org, key } = await setup();
    const intent = await propose(key, { action: "crm.update", payload: { n: 1 } });

    const reject = await resolve(org.admin.token, intent.id, "reject", {});
    expectError(reject, 422, "validation_failed");
    expect(reject.body.error.details.issues).toEqual([expect.objectContaining({ path: ["reason"] })]);
    const fast = await resolve(org.admin.token, intent.id, "approve", {});
    expectError(fast, 422, "validation_failed");
    expect(fast.body.error.details.issues[0].path).toEqual(["reason"]);
    expectError(await resolve(org.admin.token, intent.id, "approve", { reason: "   " }), 422, "validation_failed");

    await sqlExec("UPDATE intents SET created_at = created_at - interval '20 seconds' WHERE id = $1", intent.id);
    expectError(await resolve(org.admin.token, intent.id, "reject", {}), 422, "validation_failed");
    const slow = await resolve(org.admin.token, intent.id, "approve", {});
    expect(slow.status).toBe(200);
    expect(slow.body.status).toBe("approved");
  });
});

describe("who may resolve", () => {
  it("an approver_role: publisher item refuses an approver and takes a publisher", async () => {
    const { org, key } = await setup();
    const [approver, publisher] = await Promise.all([org.user("approver"), org.user("publisher")]);
    const intent = await propose(key, { action: "site.deploy", payload: { v: 2 } });
    expect(intent.decision.approver_role).toBe("publisher");
    expectError(await resolve(approver.token, intent.id, "approve", { reason: "ship" }), 403, "forbidden");
    expectError(await resolve(approver.token, intent.id, "reject", { reason: "no" }), 403, "forbidden");
    const viewer = await org.user("viewer");
    expectError(await resolve(viewer.token, intent.id, "approve", { reason: "ship" }), 403, "forbidden");
    expect((await resolve(publisher.token, intent.id, "approve", { reason: "ship" })).body.status).toBe("approved");
  });

  it("step-up items (step_up: true, or stage publish) refuse every token", async () => {
    const { org, key } = await setup();
    const publisher = await org.user("publisher");
    const payout = await propose(key, { action: "payment.payout", amount: 10, payload: { to: "acct" } });
    const publish = await propose(key, { action: "crm.update", stage: "publish", payload: { n: 1 } });
    for (const intent of [payout, publish]) {
      expect(intent.decision).toMatchObject({ step_up_required: true, approver_role: "publisher" });
      for (const token of [publisher.token, org.admin.token]) {
        expectError(await resolve(token, intent.id, "approve", { reason: "yes" }), 403, "step_up_required");
        expectError(await resolve(token, intent.id, "reject", { reason: "no" }), 403, "step_up_required");
      }
      expect((await call("GET", `/api/v1/intents/${intent.id}`, { token: key })).body.status).toBe("pending_approval");
    }
  });
});

describe("POST /approvals/batch", () => {
  it("resolves plain items one by one and refuses step-up, two-person, resolved and foreign items per item", async () => {
    const { org, key } = await setup();
    const other = await createTestOrg();
    const otherAgent = await other.agent();
    const plain = await Promise.all([1, 2, 3].map((n) => propose(key, { action: "crm.update", payload: { n } })));
    const stepUp = await propose(key, { action: "payment.payout", payload: { n: 4 } });
    const twoPerson = await propose(key, { action: "wire.send", payload: { n: 5 } });
    const done = await propose(key, { action: "crm.update", payload: { n: 6 } });
    await resolve(org.admin.token, done.id, "reject", { reason: "earlier" });
    const foreign = await propose(otherAgent.key, { action: "crm.update", payload: { n: 7 } });
    const approver = await org.user("approver");

    const ids = [...plain.map((p) => p.id), stepUp.id, twoPerson.id, done.id, foreign.id];
    const res = await call("POST", "/api/v1/approvals/batch", { token: approver.token, body: { intent_ids: ids, decision: "approve", reason: "routine updates" } });
    expect(res.status).toBe(200);
    const byId = new Map(res.body.items.map((i: { intent_id: string }) => [i.intent_id, i]));
    for (const p of plain) expect(byId.get(p.id)).toMatchObject({ ok: true, status: "approved" });
    expect(byId.get(stepUp.id)).toMatchObject({ ok: false, error: { code: "step_up_required" } });
    expect(byId.get(twoPerson.id)).toMatchObject({ ok: false, error: { code: expect.any(String) } });
    expect(byId.get(done.id)).toMatchObject({ ok: false, error: { code: "already_resolved" } });
    expect(byId.get(foreign.id)).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(res.body).toMatchObject({ succeeded: 3, failed: 4 });

    for (const p of plain) expect(await auditTypesFor(org.orgId, p.id)).toEqual(["intent.proposed", "intent.assigned", "intent.approved"]);
    for (const id of [stepUp.id, twoPerson.id]) expect(await auditTypesFor(org.orgId, id)).toEqual(["intent.proposed", "intent.assigned"]);
    expect(await auditTypesFor(other.orgId, foreign.id)).toEqual(["intent.proposed", "intent.assigned"]);
    expect((await call("GET", `/api/v1/intents/${foreign.id}`, { token: otherAgent.key })).body.status).toBe("pending_approval");
  });

  it("batch reject needs approver role and records each rejection with the shared reason", async () => {
    const { org, key } = await setup();
    const items = await Promise.all([1, 2].map((n) => propose(key, { action: "crm.update", payload: { n } })));
    const viewer = await org.user("viewer");
    const body = { intent_ids: items.map((i) => i.id), decision: "reject", reason: "not this week" };
    expectError(await call("POST", "/api/v1/approvals/batch", { token: viewer.token, body }), 403, "forbidden");
    const res = await call("POST", "/api/v1/approvals/batch", { token: org.admin.token, body });
    expect(res.body).toMatchObject({ succeeded: 2, failed: 0 });
    for (const i of items) {
      const log = await call("GET", `/api/v1/intents/${i.id}/decisions`, { token: key });
      expect(log.body.items.at(-1)).toMatchObject({ kind: "rejection", reason: "not this week", actor: { type: "user", id: org.admin.userId } });
    }
  });
});

describe("GET /approvals", () => {
  it("shows the contract's queue fields and filters by action, agent, environment, risk tag and resolution", async () => {
    const { org, key, agentName } = await setup();
    const otherAgent = await org.agent();
    const outreach = await propose(key, {
      action: "email.send",
      environment: "production",
      risk_tags: ["outreach"],
      summary: { title: "Send 400 emails", why: "Q3 campaign", next_effect: "400 customers get the email" },
      payload: { list: "q3" },
    });
    const deploy = await propose(otherAgent.key, { action: "site.deploy", environment: "staging", payload: { v: 3 } });
    const wire = await propose(key, { action: "wire.send", payload: { n: 1 } });
    await resolve(org.admin.token, wire.id, "approve", { reason: "first" });
    const gone = await propose(key, { action: "crm.update", payload: { n: 2 } });
    await resolve(org.admin.token, gone.id, "reject", { reason: "no" });
    const viewer = await org.user("viewer");
    const queue = async (query = "") => (await call("GET", `/api/v1/approvals${query}`, { token: viewer.token })).body;

    const all = await queue();
    expect(all.items.map((i: { intent: { id: string } }) => i.intent.id).sort()).toEqual([outreach.id, deploy.id, wire.id].sort());
    const item = all.items.find((i: { intent: { id: string } }) => i.intent.id === outreach.id);
    expect(item).toEqual({
      intent: expect.objectContaining({ id: outreach.id, status: "pending_approval" }),
      decision_summary: { title: "Send 400 emails", why: "Q3 campaign", next_effect: "400 customers get the email" },
      policy_rule_id: "outreach",
      policy_reason: "Outreach is reviewed",
      policy_snapshot: outreach.decision.policy_snapshot,
      payload_hash: outreach.payload_hash,
      approvals_required: 1,
      approvals_received: 0,
      sla_deadline: outreach.decision.sla_deadline,
      step_up_required: false,
      // Assigned among the members of the approver role (reviewer-assignment.test.ts pins who).
      assigned_to: expect.any(String),
      assigned_only: false,
    });
    expect(item.assigned_to).not.toBe(viewer.userId);
    expect(Date.parse(item.sla_deadline) - Date.parse(outreach.created_at)).toBe(2 * 3600_000);
    expect(item.intent.execution_token).toBeUndefined();
    const partly = all.items.find((i: { intent: { id: string } }) => i.intent.id === wire.id);
    expect(partly).toMatchObject({ approvals_required: 2, approvals_received: 1, policy_rule_id: "two-person" });
    const fallback = all.items.find((i: { intent: { id: string } }) => i.intent.id === deploy.id);
    expect(fallback.decision_summary).toEqual({ title: expect.stringContaining("site.deploy"), why: expect.any(String), next_effect: expect.any(String) });

    const ids = (page: { items: { intent: { id: string } }[] }) => page.items.map((i) => i.intent.id).sort();
    expect(ids(await queue("?action=site.deploy"))).toEqual([deploy.id]);
    expect(ids(await queue(`?agent=${encodeURIComponent(agentName)}`))).toEqual([outreach.id, wire.id].sort());
    expect(ids(await queue("?environment=production"))).toEqual([outreach.id]);
    expect(ids(await queue("?risk_tag=outreach"))).toEqual([outreach.id]);
    expect(ids(await queue("?include_resolved=true"))).toEqual([outreach.id, deploy.id, wire.id, gone.id].sort());
    const paged = await queue("?limit=2");
    expect(paged.items).toHaveLength(2);
    expect((await queue(`?limit=2&cursor=${paged.next_cursor}`)).items).toHaveLength(1);
  });
});
