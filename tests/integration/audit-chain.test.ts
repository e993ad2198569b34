import { createHash, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../lib/canonical-json";
import { inOrgTx } from "../../lib/db/scoped";
import { appendAuditEvent } from "../../lib/domain/audit/append-audit-event";
import { createTestOrg, TEST_PASSWORD, type TestOrg } from "../factories/org";
import { call } from "../helpers/api";
import { execute, executeBody, propose } from "../helpers/intents";
import { auditCount, sqlExec } from "../helpers/sql";

// The audit log is one hash chain per organization, appended in the same transaction as the
// change it records. GET /audit/verify must catch an edited row and a deleted newest row.

const POLICY = `
version: 1
default: require_approval
rules:
  - id: refunds
    match: { action: payment.refund }
    decision: allow
  - id: wires
    match: { action: wire.send }
    decision: require_approval
    approvals: 2
  - id: publishing
    match: { action: site.publish }
    decision: require_approval
    approver_role: publisher
`;

interface AuditEvent {
  seq: number;
  at: string;
  actor: { type: string; id: string | null };
  type: string;
  subject: { type: string; id: string };
  data: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

async function allEvents(org: TestOrg, limit = 200): Promise<AuditEvent[]> {
  const out: AuditEvent[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `?limit=${limit}&cursor=${encodeURIComponent(cursor)}` : `?limit=${limit}`;
    const page = await call("GET", `/api/v1/audit${query}`, { token: org.admin.token });
    expect(page.status).toBe(200);
    out.push(...page.body.items);
    cursor = page.body.next_cursor;
  } while (cursor);
  return out;
}

/** Returns a function giving the events appended since its previous call. */
function follow(org: TestOrg) {
  let seen = 0;
  return async () => {
    const fresh = (await allEvents(org)).filter((e) => e.seq > seen);
    seen = fresh.at(-1)?.seq ?? seen;
    return fresh;
  };
}

const types = (events: AuditEvent[]) => events.map((e) => e.type);
const verify = async (org: TestOrg) => (await call("GET", "/api/v1/audit/verify", { token: org.admin.token })).body;

/** An org with a few events of every kind, for the tampering tests. */
async function busyOrg() {
  const org = await createTestOrg();
  const agent = await org.agent();
  await org.setPolicy(POLICY);
  const a = await propose(agent.key, { action: "payment.refund", payload: { n: 1 } });
  await execute(agent.key, a.id, executeBody(a));
  const b = await propose(agent.key, { action: "crm.update", payload: { n: 2 } });
  await call("POST", `/api/v1/approvals/${b.id}/reject`, { token: org.admin.token, body: { reason: "no" } });
  return org;
}

describe("audit events", () => {
  it("every state change appends the expected event", async () => {
    const org = await createTestOrg();
    const next = follow(org);
    expect(types(await next())).toEqual(["org.bootstrapped"]);
    const admin = org.admin.token;

    const email = `pat-${randomUUID().slice(0, 8)}@example.test`;
    const invited = await call("POST", "/api/v1/members", { token: admin, body: { email, role: "approver" } });
    expect(await next()).toMatchObject([
      { type: "invitation.created", actor: { type: "user", id: org.admin.userId }, subject: { type: "invitation", id: invited.body.invitation_id }, data: { email, role: "approver" } },
    ]);
    const added = await call("POST", "/api/v1/invitations/accept", { body: { token: invited.body.accept_url.split("#")[1], password: TEST_PASSWORD } });
    expect(await next()).toMatchObject([
      { type: "invitation.accepted", actor: { type: "user", id: added.body.user_id }, subject: { type: "user", id: added.body.user_id }, data: { invitation_id: invited.body.invitation_id, role: "approver" } },
    ]);
    const again = await call("POST", "/api/v1/members", { token: admin, body: { email: `x-${email}`, role: "viewer" } });
    await call("DELETE", `/api/v1/invitations/${again.body.invitation_id}`, { token: admin });
    expect(types(await next())).toEqual(["invitation.created", "invitation.revoked"]);
    const login = await call("POST", "/api/v1/auth/token", { body: { email, password: TEST_PASSWORD } });
    expect(types(await next())).toEqual(["token.created"]);
    await call("PATCH", `/api/v1/members/${added.body.user_id}`, { token: admin, body: { role: "publisher" } });
    expect(await next()).toMatchObject([{ type: "member.role_changed", data: { from: "approver", to: "publisher" } }]);

    const bot = await call("POST", "/api/v1/agents", { token: admin, body: { name: "audit-bot" } });
    expect(await next()).toMatchObject([{ type: "agent.created", subject: { type: "agent", id: bot.body.id } }]);
    const rotated = await call("POST", `/api/v1/agents/${bot.body.id}/rotate`, { token: admin });
    expect(types(await next())).toEqual(["agent.key_rotated"]);
    const key = rotated.body.api_key;

    const { snapshot } = await org.setPolicy(POLICY);
    expect(await next()).toMatchObject([{ type: "policy.updated", subject: { id: snapshot } }]);
    await org.setPolicy(POLICY);
    expect(await next()).toEqual([]);

    const refund = await propose(key, { action: "payment.refund", payload: { charge: "ch_1" } });
    expect(await next()).toMatchObject([{ type: "intent.proposed", subject: { id: refund.id }, data: { payload_hash: refund.payload_hash, status: "allowed" } }]);
    await execute(key, refund.id, executeBody(refund));
    expect(types(await next())).toEqual(["intent.executing"]);
    await call("POST", `/api/v1/intents/${refund.id}/result`, { token: key, body: { status: "succeeded" } });
    expect(types(await next())).toEqual(["intent.succeeded"]);

    const pending = await Promise.all([1, 2, 3].map((n) => propose(key, { action: "crm.update", payload: { n } })));
    // Each proposed in parallel, and each assigned to a reviewer before its agent is answered.
    expect(types(await next()).sort()).toEqual(["intent.assigned", "intent.assigned", "intent.assigned", "intent.proposed", "intent.proposed", "intent.proposed"]);
    await call("POST", `/api/v1/approvals/${pending[0].id}/approve`, { token: login.body.token, body: { reason: "ok" } });
    expect(await next()).toMatchObject([{ type: "intent.approved", actor: { type: "user", id: added.body.user_id }, subject: { id: pending[0].id } }]);
    await call("POST", `/api/v1/approvals/${pending[1].id}/reject`, { token: admin, body: { reason: "no" } });
    expect(await next()).toMatchObject([{ type: "intent.rejected", data: { reason: "no" } }]);
    await call("POST", `/api/v1/intents/${pending[2].id}/cancel`, { token: key, body: { reason: "changed my mind" } });
    expect(await next()).toMatchObject([{ type: "intent.cancelled", actor: { type: "agent" } }]);

    const wire = await propose(key, { action: "wire.send", payload: { iban: "X" } });
    expect(types(await next())).toEqual(["intent.proposed", "intent.assigned"]);
    const assignee = (await call("GET", "/api/v1/approvals", { token: admin })).body.items.find((i: { intent: { id: string } }) => i.intent.id === wire.id).assigned_to;
    await call("POST", `/api/v1/approvals/${wire.id}/approve`, { token: admin, body: { reason: "first of two" } });
    // The assignee's approval hands a two-person item to the next reviewer.
    expect(types(await next())).toEqual(assignee === org.admin.userId ? ["intent.approval_recorded", "intent.assigned"] : ["intent.approval_recorded"]);

    await call("DELETE", `/api/v1/members/${added.body.user_id}`, { token: admin });
    expect(types(await next())).toEqual(["member.removed"]);
    await call("DELETE", `/api/v1/agents/${bot.body.id}`, { token: admin });
    expect(types(await next())).toEqual(["agent.deleted"]);

    expect(await verify(org)).toMatchObject({ ok: true, events: await auditCount(org.orgId) });
  });

  it("paginates with a cursor, in sequence, each event linked and hashed as the contract says", async () => {
    const org = await busyOrg();
    const whole = await allEvents(org);
    const paged = await allEvents(org, 3);
    expect(paged).toEqual(whole);
    expect(whole.length).toBeGreaterThan(6);
    expect(whole.map((e) => e.seq)).toEqual(whole.map((_, i) => i + 1));

    const first = await call("GET", "/api/v1/audit?limit=3", { token: org.admin.token });
    expect(first.body.items).toHaveLength(3);
    expect(first.body.next_cursor).toEqual(expect.any(String));

    let prev = "0".repeat(64);
    for (const event of whole) {
      expect(event.prev_hash).toBe(prev);
      const { hash, ...rest } = event;
      expect(hash).toBe(createHash("sha256").update(prev + canonicalJson(rest)).digest("hex"));
      prev = hash;
    }
    const last = await call("GET", `/api/v1/audit?cursor=${whole.at(-1)!.seq}`, { token: org.admin.token });
    expect(last.body).toEqual({ items: [], next_cursor: null });
    const viewer = await org.user("viewer");
    expect((await call("GET", "/api/v1/audit/verify", { token: viewer.token })).body.ok).toBe(true);
  });
});

describe("GET /audit/verify", () => {
  it("reports the first tampered event, and another org's chain stays ok", async () => {
    const [org, other] = await Promise.all([busyOrg(), busyOrg()]);
    const n = await auditCount(org.orgId);
    expect(await verify(org)).toMatchObject({ ok: true, events: n });
    const k = Math.floor(n / 2);
    await sqlExec(`UPDATE audit_events SET data = data || '{"reason": "edited"}' WHERE org_id = $1 AND seq = $2`, org.orgId, k);
    expect(await verify(org)).toMatchObject({ ok: false, first_bad_seq: k });
    expect(await verify(other)).toMatchObject({ ok: true, events: await auditCount(other.orgId) });
  });

  it("a row rewritten with a matching hash still breaks the link to the next one", async () => {
    const org = await busyOrg();
    const events = await allEvents(org);
    const k = 3;
    const { hash: _old, ...rest } = events[k - 1];
    const forged = { ...rest, data: { ...rest.data, forged: true } };
    const forgedHash = createHash("sha256").update(forged.prev_hash + canonicalJson(forged)).digest("hex");
    await sqlExec("UPDATE audit_events SET data = $1::jsonb, hash = $2 WHERE org_id = $3 AND seq = $4", JSON.stringify(forged.data), forgedHash, org.orgId, k);
    expect(await verify(org)).toMatchObject({ ok: false, first_bad_seq: k + 1 });
  });

  it("detects deleting the newest event", async () => {
    const org = await busyOrg();
    const n = await auditCount(org.orgId);
    await sqlExec("DELETE FROM audit_events WHERE org_id = $1 AND seq = $2", org.orgId, n);
    expect(await verify(org)).toMatchObject({ ok: false, first_bad_seq: n });
  });
});

describe("stored exactly as hashed", () => {
  it("keeps every digit of the event data, so an untampered chain with any numbers verifies", async () => {
    const org = await createTestOrg();
    const data = { f: 0.1 + 0.2, g: 123.45678901234568, big: 1e21, tiny: 5e-324, text: "é😀\u2028" };
    await inOrgTx(org.orgId, (tx) => appendAuditEvent(tx, org.orgId, { actor: { type: "system", id: null }, type: "test.numbers", subject: { type: "test", id: "n" }, data }));
    expect((await allEvents(org)).at(-1)).toMatchObject({ type: "test.numbers", data });
    expect(await verify(org)).toMatchObject({ ok: true, events: await auditCount(org.orgId) });
  });
});

describe("failed transactions leave no audit event", () => {
  it("refused approvals append nothing", async () => {
    const org = await busyOrg();
    const agent = await org.agent();
    const [approver, viewer] = await Promise.all([org.user("approver"), org.user("viewer")]);
    const gated = await propose(agent.key, { action: "site.publish", payload: { page: "/" } });
    const plain = await propose(agent.key, { action: "crm.update", payload: { n: 9 } });
    const before = await auditCount(org.orgId);

    const attempts = [
      call("POST", `/api/v1/approvals/${gated.id}/approve`, { token: approver.token, body: { reason: "mine" } }),
      call("POST", `/api/v1/approvals/${plain.id}/approve`, { token: viewer.token, body: { reason: "viewer" } }),
      call("POST", `/api/v1/approvals/${plain.id}/reject`, { token: approver.token, body: {} }),
      call("POST", `/api/v1/approvals/${plain.id}/approve`, { token: approver.token, body: {} }),
    ];
    expect((await Promise.all(attempts)).map((r) => r.status)).toEqual([403, 403, 422, 422]);
    expect(await auditCount(org.orgId)).toBe(before);
    expect(await verify(org)).toMatchObject({ ok: true, events: before });
  });

  it("an event appended in a transaction that then fails is rolled back with it", async () => {
    const org = await createTestOrg();
    const before = await auditCount(org.orgId);
    const failing = inOrgTx(org.orgId, async (tx) => {
      await appendAuditEvent(tx, org.orgId, { actor: { type: "system", id: null }, type: "test.doomed", subject: { type: "test", id: "x" } });
      throw new Error("the change being recorded failed");
    });
    await expect(failing).rejects.toThrow("the change being recorded failed");
    expect(await auditCount(org.orgId)).toBe(before);
    expect(await verify(org)).toMatchObject({ ok: true, events: before });

    await org.agent("after-failure");
    const events = await allEvents(org);
    expect(events.at(-1)).toMatchObject({ seq: before + 1, type: "agent.created" });
    expect(await verify(org)).toMatchObject({ ok: true, events: before + 1 });
  });
});
