import { describe, expect, it } from "vitest";
import { sweepIntents } from "../../lib/domain/intents/sweep-intents";
import { createTestOrg, type TestOrg } from "../factories/org";
import { call } from "../helpers/api";
import { execute, executeBody, propose } from "../helpers/intents";
import { auditTypesFor, sqlExec } from "../helpers/sql";

// The sweeper is called by hand (SWEEP_INTERVAL_MS=0 in tests). It is global, so instead of a
// clock in the future — which would also sweep other suites' live intents — the rows under test
// have their deadlines moved into the past, and assertions look at those rows only.

const POLICY = `
version: 1
default: require_approval
rules:
  - id: refunds
    match: { action: payment.refund }
    decision: allow
  - id: timeout-deny
    match: { action: email.send }
    decision: require_approval
    sla: 1h
    on_timeout: deny
  - id: timeout-escalate
    match: { action: crm.export }
    decision: require_approval
    sla: 30m
    on_timeout: escalate
`;

// The intent's clock moves on by its SLA and a minute: created_at and sla_deadline both shift, so the
// item is one minute past its deadline and an escalation's second SLA (of the same length) is still ahead.
const pastSla = (id: string) =>
  sqlExec(
    `UPDATE intents SET created_at = created_at - (sla_deadline - created_at) - interval '1 minute',
       sla_deadline = sla_deadline - (sla_deadline - created_at) - interval '1 minute' WHERE id = $1`,
    id,
  );
const pastTtl = async (id: string) => {
  await sqlExec("UPDATE intents SET expires_at = expires_at - interval '1 hour' WHERE id = $1", id);
  await sqlExec("UPDATE execution_tokens SET expires_at = expires_at - interval '1 hour' WHERE intent_id = $1", id);
};
const kinds = async (key: string, id: string) =>
  (await call("GET", `/api/v1/intents/${id}/decisions`, { token: key })).body.items.map((i: { kind: string }) => i.kind);
const get = async (token: string, id: string) => (await call("GET", `/api/v1/intents/${id}`, { token })).body;

async function setup(): Promise<{ org: TestOrg; key: string }> {
  const org = await createTestOrg();
  const agent = await org.agent();
  await org.setPolicy(POLICY);
  return { org, key: agent.key };
}

describe("sweeper", () => {
  it("times out a pending item whose SLA passed (on_timeout deny) → expired, logged and audited", async () => {
    const { org, key } = await setup();
    const intent = await propose(key, { action: "email.send", payload: { to: 1 } });
    const notDue = await propose(key, { action: "email.send", payload: { to: 2 } });
    await pastSla(intent.id);
    await sweepIntents();

    expect((await get(key, intent.id)).status).toBe("expired");
    expect(await kinds(key, intent.id)).toEqual(["policy", "assignment", "timeout"]);
    expect(await auditTypesFor(org.orgId, intent.id)).toEqual(["intent.proposed", "intent.assigned", "intent.expired"]);
    expect((await get(key, notDue.id)).status).toBe("pending_approval");
    const late = await call("POST", `/api/v1/approvals/${intent.id}/approve`, { token: org.admin.token, body: { reason: "late" } });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe("already_resolved");
  });

  it("escalates once (on_timeout escalate): stays pending, approver_role raised", async () => {
    const { org, key } = await setup();
    const [approver, publisher] = await Promise.all([org.user("approver"), org.user("publisher")]);
    const intent = await propose(key, { action: "crm.export", payload: { rows: 10 } });
    expect(intent.decision.approver_role).toBe("approver");
    await pastSla(intent.id);
    await sweepIntents();
    await sweepIntents();

    const seen = await get(key, intent.id);
    expect(seen.status).toBe("pending_approval");
    expect(seen.decision.approver_role).toBe("publisher");
    expect(seen.decision.escalated_at).not.toBeNull();
    expect(await kinds(key, intent.id)).toEqual(["policy", "assignment", "timeout"]);
    expect(await auditTypesFor(org.orgId, intent.id)).toEqual(["intent.proposed", "intent.assigned", "intent.escalated"]);

    const refused = await call("POST", `/api/v1/approvals/${intent.id}/approve`, { token: approver.token, body: { reason: "mine" } });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("forbidden");
    const ok = await call("POST", `/api/v1/approvals/${intent.id}/approve`, { token: publisher.token, body: { reason: "escalated to me" } });
    expect(ok.body.status).toBe("approved");
  });

  it("expires an escalated item when its second SLA passes too", async () => {
    const { org, key } = await setup();
    const intent = await propose(key, { action: "crm.export", payload: { rows: 11 } });
    await pastSla(intent.id);
    await sweepIntents();
    const escalated = await get(key, intent.id);
    expect(escalated.status).toBe("pending_approval");
    // A second SLA of the same length (30 minutes) from the first deadline, which passed a minute ago.
    expect(Date.parse(escalated.decision.sla_deadline)).toBeGreaterThan(Date.now() + 28 * 60_000);
    expect(Date.parse(escalated.decision.sla_deadline)).toBeLessThan(Date.now() + 30 * 60_000);
    await pastSla(intent.id);
    await sweepIntents();
    expect((await get(key, intent.id)).status).toBe("expired");
    expect(await auditTypesFor(org.orgId, intent.id)).toEqual(["intent.proposed", "intent.assigned", "intent.escalated", "intent.expired"]);
  });

  it("expires allowed and approved intents whose token lapsed unused", async () => {
    const { org, key } = await setup();
    const allowed = await propose(key, { action: "payment.refund", payload: { c: 1 } });
    const pending = await propose(key, { action: "crm.update", payload: { c: 2 } });
    await call("POST", `/api/v1/approvals/${pending.id}/approve`, { token: org.admin.token, body: { reason: "fine" } });
    await pastTtl(allowed.id);
    await pastTtl(pending.id);
    await sweepIntents();

    for (const id of [allowed.id, pending.id]) {
      const seen = await get(key, id);
      expect(seen.status).toBe("expired");
      expect(seen.execution_token).toBeUndefined();
    }
    expect(await auditTypesFor(org.orgId, allowed.id)).toEqual(["intent.proposed", "intent.expired"]);
    expect(await auditTypesFor(org.orgId, pending.id)).toEqual(["intent.proposed", "intent.assigned", "intent.approved", "intent.expired"]);
    const res = await execute(key, allowed.id, executeBody(allowed));
    expect(res.body.error.code).toBe("token_expired");
  });

  it("concurrent sweeps transition each due intent exactly once", async () => {
    const { org, key } = await setup();
    const timeouts = await Promise.all([1, 2, 3, 4].map((n) => propose(key, { action: "email.send", payload: { n } })));
    const escalations = await Promise.all([1, 2, 3].map((n) => propose(key, { action: "crm.export", payload: { n } })));
    const lapsed = await Promise.all([1, 2, 3].map((n) => propose(key, { action: "payment.refund", payload: { n } })));
    await Promise.all([...timeouts, ...escalations].map((i) => pastSla(i.id)));
    await Promise.all(lapsed.map((i) => pastTtl(i.id)));

    await Promise.all([sweepIntents(), sweepIntents(), sweepIntents()]);

    for (const i of timeouts) expect(await auditTypesFor(org.orgId, i.id)).toEqual(["intent.proposed", "intent.assigned", "intent.expired"]);
    for (const i of escalations) expect(await auditTypesFor(org.orgId, i.id)).toEqual(["intent.proposed", "intent.assigned", "intent.escalated"]);
    for (const i of lapsed) expect(await auditTypesFor(org.orgId, i.id)).toEqual(["intent.proposed", "intent.expired"]);
    for (const i of [...timeouts, ...escalations]) expect(await kinds(key, i.id)).toEqual(["policy", "assignment", "timeout"]);
    const verify = await call("GET", "/api/v1/audit/verify", { token: org.admin.token });
    expect(verify.body.ok).toBe(true);
  });
});

describe("GET /intents/{id}?wait=N", () => {
  it("wakes within a second of an approval made by another call, with the agent's token", async () => {
    const { org, key } = await setup();
    const intent = await propose(key, { action: "crm.update", payload: { wake: true } });
    const started = Date.now();
    const waiting = call("GET", `/api/v1/intents/${intent.id}?wait=10`, { token: key }).then((res) => ({ res, at: Date.now() }));
    await new Promise((r) => setTimeout(r, 300));
    const approved = await call("POST", `/api/v1/approvals/${intent.id}/approve`, { token: org.admin.token, body: { reason: "go" } });
    const approvedAt = Date.now();
    expect(approved.body.status).toBe("approved");

    const { res, at } = await waiting;
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("approved");
    expect(res.body.execution_token).toMatch(/^tg_exec_/);
    expect(res.body.execution_token).toBe(approved.body.execution_token);
    expect(at - approvedAt).toBeLessThan(1500);
    expect(at - started).toBeLessThan(5000);
  });

  it("wakes when the sweeper times the item out", async () => {
    const { key } = await setup();
    const intent = await propose(key, { action: "email.send", payload: { wake: "sweep" } });
    const waiting = call("GET", `/api/v1/intents/${intent.id}?wait=10`, { token: key }).then((res) => ({ res, at: Date.now() }));
    await new Promise((r) => setTimeout(r, 300));
    await pastSla(intent.id);
    await sweepIntents();
    const sweptAt = Date.now();
    const { res, at } = await waiting;
    expect(res.body.status).toBe("expired");
    expect(res.body.execution_token).toBeUndefined();
    expect(at - sweptAt).toBeLessThan(1500);
  });

  it("answers with the still-pending intent once the wait elapses", async () => {
    const { key } = await setup();
    const intent = await propose(key, { action: "crm.update", payload: { wake: false } });
    const started = Date.now();
    const res = await call("GET", `/api/v1/intents/${intent.id}?wait=1`, { token: key });
    const elapsed = Date.now() - started;
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("pending_approval");
    expect(res.body.execution_token).toBeUndefined();
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    expect(elapsed).toBeLessThan(5000);
  });
});

describe("cancel and result", () => {
  it("the agent cancels while pending; cancelling or approving afterwards is already_resolved", async () => {
    const { org, key } = await setup();
    const intent = await propose(key, { action: "crm.update", payload: { c: "x" } });
    const cancelled = await call("POST", `/api/v1/intents/${intent.id}/cancel`, { token: key, body: { reason: "no longer needed" } });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe("cancelled");
    expect(await kinds(key, intent.id)).toEqual(["policy", "assignment", "cancel"]);

    for (const res of [
      await call("POST", `/api/v1/intents/${intent.id}/cancel`, { token: key }),
      await call("POST", `/api/v1/approvals/${intent.id}/approve`, { token: org.admin.token, body: { reason: "late" } }),
    ]) {
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe("already_resolved");
    }
  });

  it("cancel after a human resolution → 409 already_resolved", async () => {
    const { org, key } = await setup();
    const intent = await propose(key, { action: "crm.update", payload: { c: "y" } });
    await call("POST", `/api/v1/approvals/${intent.id}/reject`, { token: org.admin.token, body: { reason: "no" } });
    const res = await call("POST", `/api/v1/intents/${intent.id}/cancel`, { token: key });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("already_resolved");
    expect((await get(key, intent.id)).status).toBe("rejected");
  });

  it("a result is accepted only from executing", async () => {
    const { key } = await setup();
    const intent = await propose(key, { action: "payment.refund", payload: { c: "z" } });
    const pending = await propose(key, { action: "crm.update", payload: { c: "z" } });
    const report = (id: string) => call("POST", `/api/v1/intents/${id}/result`, { token: key, body: { status: "failed", error: "boom" } });

    for (const id of [intent.id, pending.id]) {
      const early = await report(id);
      expect(early.status).toBe(409);
      expect(early.body.error.code).toBe("not_executable");
    }
    await execute(key, intent.id, executeBody(intent));
    const done = await report(intent.id);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: "failed", result: { status: "failed", error: "boom" } });
    const again = await report(intent.id);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("not_executable");
  });
});
