import { beforeAll, describe, expect, it } from "vitest";
import { type TestOrg, type TestUser, createTestOrg } from "../factories/org";
import { call } from "../helpers/api";
import { propose } from "../helpers/intents";
import { expectRefusal } from "../helpers/leases";
import { auditTypesFor, sqlExec } from "../helpers/sql";

// What holds at the moment a human resolves an item (issue 14, holes 7–9): the SLA applies then,
// in the same transaction, whether or not a sweeper ran; approvals count only from people still
// eligible at the final approval; and where the rule separates duties the agent's owner is refused.

const POLICY = `
version: 1
default: require_approval
rules:
  - id: deny-on-timeout
    match: { action: email.send }
    decision: require_approval
    sla: 1h
    on_timeout: deny
  - id: escalate-on-timeout
    match: { action: crm.export }
    decision: require_approval
    sla: 30m
    on_timeout: escalate
  - id: two-person
    match: { action: payment.refund }
    decision: require_approval
    approvals: 2
  - id: owner-may-not-approve
    match: { action: crm.merge }
    decision: require_approval
    separate_duties: true
  - id: owner-may-not-approve-two
    match: { action: crm.purge }
    decision: require_approval
    approvals: 2
    separate_duties: true
`;

let org: TestOrg;
let agent: { id: string; key: string };
let publisher: TestUser;

beforeAll(async () => {
  org = await createTestOrg();
  agent = await org.agent();
  publisher = await org.user("publisher");
  await org.setPolicy(POLICY);
});

/** The item's clock moves on by its SLA and a minute (created_at and sla_deadline both shift), no sweeper involved. */
const pastSla = (id: string) =>
  sqlExec(
    `UPDATE intents SET created_at = created_at - (sla_deadline - created_at) - interval '1 minute',
       sla_deadline = sla_deadline - (sla_deadline - created_at) - interval '1 minute' WHERE id = $1`,
    id,
  );
const approve = (token: string, id: string, reason = "looks right") => call("POST", `/api/v1/approvals/${id}/approve`, { token, body: { reason } });
const reject = (token: string, id: string) => call("POST", `/api/v1/approvals/${id}/reject`, { token, body: { reason: "no" } });
const get = async (id: string) => (await call("GET", `/api/v1/intents/${id}`, { token: agent.key })).body;

describe("the SLA applies at resolution time", () => {
  it("on_timeout deny: an approval after the deadline is 409 approval_expired and the item is expired, without a sweep", async () => {
    const intent = await propose(agent.key, { action: "email.send", payload: { late: 1 } });
    await pastSla(intent.id);
    expectRefusal(await approve(org.admin.token, intent.id), 409, "approval_expired");
    const seen = await get(intent.id);
    expect(seen.status).toBe("expired");
    expect(seen.execution_token).toBeUndefined();
    expect(await auditTypesFor(org.orgId, intent.id)).toEqual(["intent.proposed", "intent.assigned", "intent.expired"]);
    expectRefusal(await approve(org.admin.token, intent.id), 409, "already_resolved");
  });

  it("a rejection after the deadline is refused the same way (the timeout decided first)", async () => {
    const intent = await propose(agent.key, { action: "email.send", payload: { late: 2 } });
    await pastSla(intent.id);
    expectRefusal(await reject(org.admin.token, intent.id), 409, "approval_expired");
    expect((await get(intent.id)).status).toBe("expired");
  });

  it("on_timeout escalate: past the deadline an approver is refused, the item raised to publisher, who may approve", async () => {
    const approver = await org.user("approver");
    const intent = await propose(agent.key, { action: "crm.export", payload: { late: 3 } });
    await pastSla(intent.id);
    expectRefusal(await approve(approver.token, intent.id), 403, "forbidden");
    const seen = await get(intent.id);
    expect(seen.status).toBe("pending_approval");
    expect(seen.decision.approver_role).toBe("publisher");
    expect(seen.decision.escalated_at).not.toBeNull();
    expect((await approve(publisher.token, intent.id)).body.status).toBe("approved");
  });

  it("an escalated item past its second SLA expires at resolution time, whoever resolves", async () => {
    const intent = await propose(agent.key, { action: "crm.export", payload: { late: 4 } });
    await pastSla(intent.id);
    expectRefusal(await approve((await org.user("approver")).token, intent.id), 403, "forbidden");
    await pastSla(intent.id);
    expectRefusal(await approve(org.admin.token, intent.id), 409, "approval_expired");
    expect((await get(intent.id)).status).toBe("expired");
  });
});

describe("approvals count only from people still eligible at the final approval", () => {
  it("a demoted approver's approval no longer counts toward the two", async () => {
    const [a, b, c] = [await org.user("approver"), await org.user("approver"), await org.user("approver")];
    const intent = await propose(agent.key, { action: "payment.refund", payload: { demoted: 1 } });
    expect((await approve(a.token, intent.id)).body.status).toBe("pending_approval");
    expect((await call("PATCH", `/api/v1/members/${a.userId}`, { token: org.admin.token, body: { role: "viewer" } })).status).toBe(200);
    const queue = (await call("GET", "/api/v1/approvals?limit=200", { token: org.admin.token })).body.items;
    expect(queue.find((i: any) => i.intent.id === intent.id).approvals_received, "the queue counts what counts").toBe(0);
    const second = await approve(b.token, intent.id);
    expect(second.body.status, "a's approval stopped counting").toBe("pending_approval");
    expect(second.body.execution_token).toBeUndefined();
    expect((await approve(c.token, intent.id)).body.status).toBe("approved");
  });

  it("a removed member's approval no longer counts", async () => {
    const [a, b, c] = [await org.user("approver"), await org.user("approver"), await org.user("approver")];
    const intent = await propose(agent.key, { action: "payment.refund", payload: { removed: 1 } });
    await approve(a.token, intent.id);
    expect((await call("DELETE", `/api/v1/members/${a.userId}`, { token: org.admin.token })).status).toBeLessThan(300);
    expect((await approve(b.token, intent.id)).body.status).toBe("pending_approval");
    expect((await approve(c.token, intent.id)).body.status).toBe("approved");
  });

  it("a member demoted since their token was issued cannot resolve with it", async () => {
    const a = await org.user("approver");
    const intent = await propose(agent.key, { action: "email.send", payload: { demoted: 2 } });
    await call("PATCH", `/api/v1/members/${a.userId}`, { token: org.admin.token, body: { role: "viewer" } });
    expectRefusal(await approve(a.token, intent.id), 403, "forbidden");
    expect((await get(intent.id)).status).toBe("pending_approval");
  });
});

describe("separate_duties: the agent's owner may not approve its intents", () => {
  it("refuses the owner with 403 separation_of_duties; another approver approves; the owner may still reject", async () => {
    const owner = await org.user("approver");
    const other = await org.user("approver");
    const owned = await org.agent();
    await sqlExec("UPDATE agents SET owner_id = $1 WHERE id = $2", owner.userId, owned.id);
    const intent = await propose(owned.key, { action: "crm.merge", payload: { sod: 1 } });
    expect(intent.decision.separate_duties).toBe(true);
    expectRefusal(await approve(owner.token, intent.id), 403, "separation_of_duties");
    expect((await approve(other.token, intent.id)).body.status).toBe("approved");

    const second = await propose(owned.key, { action: "crm.merge", payload: { sod: 2 } });
    expect((await reject(owner.token, second.id)).body.status).toBe("rejected");
  });

  it("an approval stops counting when its giver becomes the agent's owner", async () => {
    const [b, c, d] = [await org.user("approver"), await org.user("approver"), await org.user("approver")];
    const owned = await org.agent();
    const intent = await propose(owned.key, { action: "crm.purge", payload: { sod: 3 } });
    await approve(b.token, intent.id);
    await sqlExec("UPDATE agents SET owner_id = $1 WHERE id = $2", b.userId, owned.id);
    expect((await approve(c.token, intent.id)).body.status).toBe("pending_approval");
    expect((await approve(d.token, intent.id)).body.status).toBe("approved");
  });

  it("without separate_duties the owner approves like anyone", async () => {
    const owner = await org.user("approver");
    const owned = await org.agent();
    await sqlExec("UPDATE agents SET owner_id = $1 WHERE id = $2", owner.userId, owned.id);
    const intent = await propose(owned.key, { action: "email.send", payload: { sod: 4 } });
    expect(intent.decision.separate_duties).toBe(false);
    expect((await approve(owner.token, intent.id)).body.status).toBe("approved");
  });
});
