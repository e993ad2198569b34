import { describe, expect, it } from "vitest";
import { chainAuditEvents } from "../../lib/domain/audit/chain-audit-events";
import { lastSeenActivePolicy } from "../../lib/domain/policies/active-policy";
import { createTestOrg } from "../factories/org";
import { call } from "../helpers/api";
import { auditCount, sqlRows } from "../helpers/sql";

// A proposal without a lease or a resumed run is written as one statement on the pg pool
// (lib/domain/intents/record-intent.ts), decided under this process's last-seen policy, which
// the statement checks is still the active one. These pin what that must never get wrong.

const ALLOW_REFUNDS = `
version: 1
default: require_approval
rules:
  - id: refunds
    match: { action: payment.refund }
    decision: allow
`;

const DENY_REFUNDS = `
version: 1
default: require_approval
rules:
  - id: no-refunds
    match: { action: payment.refund }
    decision: deny
    reason_code: refunds_frozen
`;

const propose = (key: string, body: Record<string, unknown>, headers?: Record<string, string>) =>
  call("POST", "/api/v1/intents", { token: key, body, headers });

const intentCount = async (orgId: string) =>
  (await sqlRows<{ n: number }>("SELECT count(*)::int AS n FROM intents WHERE org_id = $1", orgId))[0].n;

describe("a proposal decided under a policy that was replaced meanwhile", () => {
  it("is decided again under the new policy, and written once", async () => {
    const org = await createTestOrg();
    const agent = await org.agent();
    const v1 = await org.setPolicy(ALLOW_REFUNDS);
    const first = await propose(agent.key, { action: "payment.refund", payload: { n: 1 } });
    expect(first.body).toMatchObject({ status: "allowed", decision: { policy_snapshot: v1.snapshot } });

    const v2 = await org.setPolicy(DENY_REFUNDS);
    // This process still holds v1: only the statement's own check can notice the change.
    expect((await lastSeenActivePolicy(org.orgId)).snapshot).toBe(v1.snapshot);

    const second = await propose(agent.key, { action: "payment.refund", payload: { n: 2 } });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ status: "denied", decision: { policy_snapshot: v2.snapshot, reason_code: "refunds_frozen" } });
    expect(second.body.execution_token ?? null).toBeNull();
    expect(await intentCount(org.orgId)).toBe(2);
    expect((await lastSeenActivePolicy(org.orgId)).snapshot).toBe(v2.snapshot);
  });
});

describe("many proposals at once in one organization", () => {
  it("all land, each with its audit event, on one unbroken chain", async () => {
    const org = await createTestOrg();
    const agents = await Promise.all([org.agent(), org.agent(), org.agent()]);
    await org.setPolicy(ALLOW_REFUNDS);
    const before = await auditCount(org.orgId);
    const answers = await Promise.all(
      Array.from({ length: 36 }, (_, i) => propose(agents[i % 3].key, { action: i % 2 ? "payment.refund" : "crm.update", payload: { i } })),
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 201));
    const ids = answers.map((a) => a.body.id as string);

    await chainAuditEvents(org.orgId);
    const events = await sqlRows<{ seq: number; subject_id: string; type: string }>(
      "SELECT seq, subject_id, type FROM audit_events WHERE org_id = $1 AND seq > $2 ORDER BY seq",
      org.orgId,
      before,
    );
    // Each proposal's event, and for each one that waits for approval its assignment's.
    const pending = answers.filter((a) => a.body.status === "pending_approval").map((a) => a.body.id as string);
    expect(pending.length).toBe(18);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: ids.length + pending.length }, (_, i) => before + i + 1));
    expect(events.filter((e) => e.type === "intent.proposed").map((e) => e.subject_id).sort()).toEqual([...ids].sort());
    expect(events.filter((e) => e.type === "intent.assigned").map((e) => e.subject_id).sort()).toEqual([...pending].sort());
    const verify = await call("GET", "/api/v1/audit/verify", { token: org.admin.token });
    expect(verify.body).toMatchObject({ ok: true, events: before + ids.length + pending.length });
  });
});

describe("one Idempotency-Key sent many times at once", () => {
  it("writes one intent; every other answer is its replay", async () => {
    const org = await createTestOrg();
    const agent = await org.agent();
    await org.setPolicy(ALLOW_REFUNDS);
    const body = { action: "payment.refund", amount: 12.5, currency: "usd", payload: { charge: "ch_1" } };
    const answers = await Promise.all(Array.from({ length: 10 }, () => propose(agent.key, body, { "idempotency-key": "refund-ch_1" })));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(9);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(await intentCount(org.orgId)).toBe(1);
  });
});

describe("what a proposal answers is what was stored", () => {
  it("shows the amount as the column rounded it, exactly as a later read does", async () => {
    const org = await createTestOrg();
    const agent = await org.agent();
    await org.setPolicy(ALLOW_REFUNDS);
    const proposed = await propose(agent.key, { action: "payment.refund", amount: 10.123456, currency: "eur", risk_tags: ["payment", "refund"], payload: null });
    expect(proposed.status).toBe(201);
    expect(proposed.body).toMatchObject({ amount: 10.1235, currency: "EUR", risk_tags: ["payment", "refund"], payload: null });
    const read = await call("GET", `/api/v1/intents/${proposed.body.id}`, { token: agent.key });
    expect(proposed.body).toEqual(read.body);
  });
});
