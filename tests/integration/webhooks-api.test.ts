import { describe, expect, it } from "vitest";
import { inOrgTx } from "../../lib/db/scoped";
import { chainAuditEvents } from "../../lib/domain/audit/chain-audit-events";
import { recordEvent } from "../../lib/domain/events/record-event";
import { MAX_WEBHOOKS_PER_ORG } from "../../lib/domain/webhooks/create-webhook";
import { openSecret } from "../../lib/webhooks/secret-box";
import { createTestOrg, type TestOrg } from "../factories/org";
import { call } from "../helpers/api";
import { propose } from "../helpers/intents";
import { auditTypesFor, sqlExec, sqlRows } from "../helpers/sql";
import { expectError } from "../helpers/two-orgs";
import { WEBHOOK_POLICY as POLICY, createWebhook, deliveries, deliveryRows } from "../helpers/webhooks";

// The webhooks API and the outbox, without a delivery worker (webhooks-delivery.test.ts sends):
// the secret is shown once and stored sealed, every change is scoped to the caller's org, and an
// event's deliveries are written in the event's own transaction, for subscribed, active webhooks only.


async function orgWithAgent(): Promise<TestOrg & { agentKey: string }> {
  const org = await createTestOrg();
  const agent = await org.agent();
  await org.setPolicy(POLICY);
  return { ...org, agentKey: agent.key };
}

const url = (path: string) => `https://hooks.example.com/${path}`;

describe("create, read, change, rotate, delete", () => {
  it("returns the secret once, at creation; list and get never show it, and the database holds it sealed", async () => {
    const org = await orgWithAgent();
    const created = await call("POST", "/api/v1/webhooks", { token: org.admin.token, body: { url: url("a"), events: ["intent.pending", "lease.expiring_soon"] } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ url: url("a"), events: ["intent.pending", "lease.expiring_soon"], active: true });
    expect(created.body.id).toMatch(/^whk_/);
    expect(Date.parse(created.body.created_at)).not.toBeNaN();
    const secret: string = created.body.secret;
    expect(secret).toMatch(/^whsec_[0-9A-Za-z]{43}$/);

    const list = await call("GET", "/api/v1/webhooks", { token: org.admin.token });
    const one = await call("GET", `/api/v1/webhooks/${created.body.id}`, { token: org.admin.token });
    const { secret: _, ...shown } = created.body;
    expect(list.body).toEqual({ items: [shown], next_cursor: null });
    expect(one.body).toEqual(shown);
    expect(one.body).not.toHaveProperty("secret");
    for (const res of [list, one]) expect(JSON.stringify(res.body)).not.toContain(secret.slice(6));

    const [row] = await sqlRows<{ secret_encrypted: string }>("SELECT secret_encrypted FROM webhooks WHERE id = $1", created.body.id);
    expect(row.secret_encrypted).not.toContain(secret.slice(6));
    expect(openSecret(row.secret_encrypted, created.body.id)).toBe(secret);
    await chainAuditEvents(org.orgId);
    const audit = await sqlRows<{ data: unknown }>("SELECT data FROM audit_events WHERE org_id = $1 AND subject_id = $2", org.orgId, created.body.id);
    expect(audit).toEqual([{ data: { host: "hooks.example.com", events: ["intent.pending", "lease.expiring_soon"] } }]);
  });

  it("keeps a secret the caller chose, and collapses duplicate events and anything beside *", async () => {
    const org = await orgWithAgent();
    const chosen = await createWebhook(org.admin.token, { url: url("b"), events: ["intent.pending", "intent.pending"], secret: "my-own-secret-0123456789" });
    expect(chosen).toMatchObject({ events: ["intent.pending"], secret: "my-own-secret-0123456789" });
    const all = await createWebhook(org.admin.token, { url: url("c"), events: ["intent.resolved", "*"] });
    expect(all.events).toEqual(["*"]);
  });

  it("changes url, events and active; rotates the secret (shown once); deletes", async () => {
    const org = await orgWithAgent();
    const hook = await createWebhook(org.admin.token, { url: url("d"), events: ["intent.pending"] });
    const patched = await call("PATCH", `/api/v1/webhooks/${hook.id}`, { token: org.admin.token, body: { url: url("d2"), events: ["lease.expired"], active: false } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id: hook.id, url: url("d2"), events: ["lease.expired"], active: false });
    expect(patched.body).not.toHaveProperty("secret");
    expect((await call("GET", `/api/v1/webhooks/${hook.id}`, { token: org.admin.token })).body).toEqual(patched.body);

    const rotated = await call("POST", `/api/v1/webhooks/${hook.id}/rotate-secret`, { token: org.admin.token, body: {} });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(hook.secret);
    const [row] = await sqlRows<{ secret_encrypted: string }>("SELECT secret_encrypted FROM webhooks WHERE id = $1", hook.id);
    expect(openSecret(row.secret_encrypted, hook.id)).toBe(rotated.body.secret);
    const chosen = await call("POST", `/api/v1/webhooks/${hook.id}/rotate-secret`, { token: org.admin.token, body: { secret: "rotated-by-hand-0123456789" } });
    expect(chosen.body.secret).toBe("rotated-by-hand-0123456789");
    expect(JSON.stringify((await call("GET", "/api/v1/webhooks", { token: org.admin.token })).body)).not.toContain("rotated-by-hand");

    const deleted = await call("DELETE", `/api/v1/webhooks/${hook.id}`, { token: org.admin.token });
    expect(deleted.body).toEqual({ id: hook.id, deleted: true });
    for (const [method, path] of [
      ["GET", `/api/v1/webhooks/${hook.id}`],
      ["PATCH", `/api/v1/webhooks/${hook.id}`],
      ["DELETE", `/api/v1/webhooks/${hook.id}`],
      ["POST", `/api/v1/webhooks/${hook.id}/rotate-secret`],
      ["GET", `/api/v1/webhooks/${hook.id}/deliveries`],
    ] as const) {
      expectError(await call(method, path, { token: org.admin.token, body: method === "PATCH" ? { active: true } : method === "POST" ? {} : undefined }), 404, "not_found", `${method} ${path}`);
    }
    expect(await sqlRows("SELECT id FROM webhooks WHERE id = $1", hook.id)).toEqual([]);
    expect(await auditTypesFor(org.orgId, hook.id)).toEqual(["webhook.created", "webhook.updated", "webhook.secret_rotated", "webhook.secret_rotated", "webhook.deleted"]);
    // The secrets never reach the audit trail.
    const auditText = JSON.stringify(await sqlRows("SELECT data FROM audit_events WHERE org_id = $1", org.orgId));
    for (const secret of [hook.secret, rotated.body.secret, "rotated-by-hand"]) expect(auditText).not.toContain(secret);
  });

  it("pages the list newest first with an opaque cursor", async () => {
    const org = await orgWithAgent();
    const ids = [];
    for (const name of ["p1", "p2", "p3"]) ids.push((await createWebhook(org.admin.token, { url: url(name), events: ["*"] })).id);
    const first = await call("GET", "/api/v1/webhooks?limit=2", { token: org.admin.token });
    const second = await call("GET", `/api/v1/webhooks?limit=2&cursor=${first.body.next_cursor}`, { token: org.admin.token });
    expect(first.body.items.map((w: any) => w.id)).toEqual([ids[2], ids[1]]);
    expect(second.body).toMatchObject({ items: [{ id: ids[0] }], next_cursor: null });
  });

  it(`allows ${MAX_WEBHOOKS_PER_ORG} webhooks per organization, then answers 409 conflict`, async () => {
    const org = await orgWithAgent();
    for (let i = 0; i < MAX_WEBHOOKS_PER_ORG; i++) await createWebhook(org.admin.token, { url: url(`n${i}`), events: ["*"] });
    const over = await call("POST", "/api/v1/webhooks", { token: org.admin.token, body: { url: url("over"), events: ["*"] } });
    expectError(over, 409, "conflict");
  });
});

describe("the outbox", () => {
  it("queues one delivery per subscribed, active webhook, for the very event recorded", async () => {
    const org = await orgWithAgent();
    const pendingOnly = await createWebhook(org.admin.token, { url: url("pending"), events: ["intent.pending"] });
    const everything = await createWebhook(org.admin.token, { url: url("all"), events: ["*"] });
    const disabled = await createWebhook(org.admin.token, { url: url("off"), events: ["*"] });
    await call("PATCH", `/api/v1/webhooks/${disabled.id}`, { token: org.admin.token, body: { active: false } });
    const leasesOnly = await createWebhook(org.admin.token, { url: url("leases"), events: ["lease.expiring_soon"] });

    const pending = await propose(org.agentKey, { action: "hook.pending", payload: { n: 1 } });
    const allowed = await propose(org.agentKey, { action: "hook.allow", payload: { n: 2 } });
    const events = await sqlRows<{ id: string; type: string; subject: string }>(
      "SELECT id, type, data->>'id' AS subject FROM events WHERE org_id = $1 ORDER BY seq",
      org.orgId,
    );
    expect(events.map((e) => [e.type, e.subject])).toEqual([["intent.pending", pending.id], ["intent.resolved", allowed.id]]);

    const logOf = async (id: string) => (await deliveries(org.admin.token, id)).map((d) => [d.event_type, d.event_id, d.status, d.attempts]);
    expect(await logOf(pendingOnly.id)).toEqual([["intent.pending", events[0].id, "pending", 0]]);
    expect(await logOf(everything.id)).toEqual([
      ["intent.resolved", events[1].id, "pending", 0],
      ["intent.pending", events[0].id, "pending", 0],
    ]);
    expect(await logOf(disabled.id)).toEqual([]);
    expect(await logOf(leasesOnly.id)).toEqual([]);

    const filtered = await deliveries(org.admin.token, everything.id, "?status=pending&limit=1");
    expect(filtered).toHaveLength(1);
    expect(await deliveries(org.admin.token, everything.id, "?status=delivered")).toEqual([]);
  });

  it("writes the deliveries in the event's transaction: a rollback leaves neither", async () => {
    const org = await orgWithAgent();
    const hook = await createWebhook(org.admin.token, { url: url("tx"), events: ["intent.pending"] });
    let seenInside = 0;
    await expect(
      inOrgTx(org.orgId, async (tx) => {
        await recordEvent(tx, org.orgId, "intent.pending", { id: "int_rolled_back" });
        seenInside = await tx.webhookDelivery.count({ where: { webhookId: hook.id } });
        throw new Error("the change failed after its event was recorded");
      }),
    ).rejects.toThrow("the change failed");
    expect(seenInside).toBe(1);
    expect(await deliveryRows(hook.id)).toEqual([]);
    expect(await sqlRows("SELECT id FROM events WHERE org_id = $1 AND data->>'id' = 'int_rolled_back'", org.orgId)).toEqual([]);
  });

  it("stops queueing for a webhook once it is disabled or deleted", async () => {
    const org = await orgWithAgent();
    const hook = await createWebhook(org.admin.token, { url: url("stop"), events: ["*"] });
    await propose(org.agentKey, { action: "hook.pending", payload: { n: 1 } });
    await call("PATCH", `/api/v1/webhooks/${hook.id}`, { token: org.admin.token, body: { active: false } });
    await propose(org.agentKey, { action: "hook.pending", payload: { n: 2 } });
    expect(await deliveryRows(hook.id)).toHaveLength(1);
    await call("DELETE", `/api/v1/webhooks/${hook.id}`, { token: org.admin.token });
    await propose(org.agentKey, { action: "hook.pending", payload: { n: 3 } });
    const [left] = await sqlRows<{ n: number }>("SELECT count(*)::int AS n FROM webhook_deliveries WHERE org_id = $1", org.orgId);
    expect(left.n).toBe(0);
  });
});

describe("redeliver", () => {
  it("queues a delivery again, due now, keeping its attempts; refuses while disabled or mid-attempt", async () => {
    const org = await orgWithAgent();
    const hook = await createWebhook(org.admin.token, { url: url("again"), events: ["intent.pending"] });
    await propose(org.agentKey, { action: "hook.pending", payload: { n: 1 } });
    const [row] = await deliveryRows(hook.id);
    // As a worker leaves a delivery that ran out of attempts.
    await sqlExec("UPDATE webhook_deliveries SET status = 'failed', attempts = 8, round_attempts = 8, failed_at = $2, last_status_code = 500 WHERE id = $1", row.id, new Date());
    const path = `/api/v1/webhooks/${hook.id}/deliveries/${row.id}/redeliver`;

    const before = Date.now();
    const res = await call("POST", path, { token: org.admin.token, body: {} });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ id: row.id, status: "pending", attempts: 8, failed_at: null, last_status_code: 500, in_progress: false });
    expect(Date.parse(res.body.next_attempt_at)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(res.body.next_attempt_at)).toBeLessThanOrEqual(Date.now());
    const [state] = await sqlRows<{ round_attempts: number }>("SELECT round_attempts FROM webhook_deliveries WHERE id = $1", row.id);
    expect(state.round_attempts).toBe(0);
    expect(await auditTypesFor(org.orgId, hook.id)).toContain("webhook.redelivery_requested");

    await sqlExec("UPDATE webhook_deliveries SET locked_until = $2 WHERE id = $1", row.id, new Date(Date.now() + 60_000));
    expectError(await call("POST", path, { token: org.admin.token, body: {} }), 409, "conflict", "mid-attempt");
    await sqlExec("UPDATE webhook_deliveries SET locked_until = NULL WHERE id = $1", row.id);
    await call("PATCH", `/api/v1/webhooks/${hook.id}`, { token: org.admin.token, body: { active: false } });
    expectError(await call("POST", path, { token: org.admin.token, body: {} }), 409, "conflict", "disabled");
  });
});

describe("two organizations", () => {
  it("org B's admin can neither see nor change org A's webhooks or deliveries, and A's events never reach B's webhooks", async () => {
    const [A, B] = [await orgWithAgent(), await orgWithAgent()];
    const hookA = await createWebhook(A.admin.token, { url: url("org-a"), events: ["*"] });
    const hookB = await createWebhook(B.admin.token, { url: url("org-b"), events: ["*"] });
    await propose(A.agentKey, { action: "hook.pending", payload: { n: 1 } });
    const [deliveryA] = await deliveryRows(hookA.id);
    await propose(B.agentKey, { action: "hook.pending", payload: { n: 1 } });
    const [deliveryB] = await deliveryRows(hookB.id);

    for (const [method, path, body] of [
      ["GET", `/api/v1/webhooks/${hookA.id}`, undefined],
      ["PATCH", `/api/v1/webhooks/${hookA.id}`, { active: false }],
      ["DELETE", `/api/v1/webhooks/${hookA.id}`, undefined],
      ["POST", `/api/v1/webhooks/${hookA.id}/rotate-secret`, {}],
      ["GET", `/api/v1/webhooks/${hookA.id}/deliveries`, undefined],
      ["POST", `/api/v1/webhooks/${hookA.id}/deliveries/${deliveryA.id}/redeliver`, {}],
      // B's own webhook with A's delivery, and A's webhook with B's delivery: still nothing.
      ["POST", `/api/v1/webhooks/${hookB.id}/deliveries/${deliveryA.id}/redeliver`, {}],
      ["POST", `/api/v1/webhooks/${hookA.id}/deliveries/${deliveryB.id}/redeliver`, {}],
    ] as const) {
      expectError(await call(method, path, { token: B.admin.token, body }), 404, "not_found", `${method} ${path}`);
    }
    expectError(await call("POST", `/api/v1/webhooks/${hookA.id}/deliveries/${deliveryB.id}/redeliver`, { token: A.admin.token, body: {} }), 404, "not_found");

    const listB = await call("GET", "/api/v1/webhooks", { token: B.admin.token });
    expect(listB.body.items.map((w: any) => w.id)).toEqual([hookB.id]);
    expect((await call("GET", `/api/v1/webhooks/${hookA.id}`, { token: A.admin.token })).body).toMatchObject({ active: true, url: url("org-a") });
    // Each org's event reached only its own webhook.
    expect((await deliveryRows(hookA.id)).map((d) => d.id)).toEqual([deliveryA.id]);
    expect((await deliveryRows(hookB.id)).map((d) => d.id)).toEqual([deliveryB.id]);
    const [eventOfA] = await sqlRows<{ org_id: string }>("SELECT e.org_id FROM webhook_deliveries d JOIN events e ON e.id = d.event_id WHERE d.id = $1", deliveryA.id);
    expect(eventOfA.org_id).toBe(A.orgId);
  });
});
