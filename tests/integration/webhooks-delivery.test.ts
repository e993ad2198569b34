import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DeliveryWorker, startDeliveryWorker } from "../../lib/domain/webhooks/start-delivery-worker";
import { verifySignature } from "../../lib/webhooks/sign-payload";
import { createTestOrg } from "../factories/org";
import { call } from "../helpers/api";
import { propose } from "../helpers/intents";
import { type Receiver, startReceiver } from "../helpers/webhook-receiver";
import { WEBHOOK_POLICY as POLICY, createWebhook, deliveries, deliveryRows, untilListening, usePrivateDatabase, waitFor } from "../helpers/webhooks";

// Deliveries end to end: a real worker (the one instrumentation.ts starts) POSTs to receivers on
// 127.0.0.1. Its poll interval is 30 s, so anything arriving within seconds came from the NOTIFY
// wake-up or the worker's own retry timer. This file has a database of its own (see usePrivateDatabase).


const BASE_MS = 200;
const SETTINGS = {
  WEBHOOK_ALLOW_PRIVATE_TARGETS: "1",
  WEBHOOK_POLL_INTERVAL_MS: "30000",
  WEBHOOK_BACKOFF_BASE_MS: String(BASE_MS),
  WEBHOOK_MAX_ATTEMPTS: "4",
  WEBHOOK_TIMEOUT_MS: "1500",
};

let release: () => Promise<void>;
let worker: DeliveryWorker | null;
const receivers: Receiver[] = [];

beforeAll(async () => {
  ({ release } = await usePrivateDatabase("tg_hooks_delivery"));
  Object.assign(process.env, SETTINGS);
  worker = startDeliveryWorker();
  await untilListening();
});

afterAll(async () => {
  await worker?.stop();
  await Promise.all(receivers.map((r) => r.close()));
  await release?.();
});

async function receiver(): Promise<Receiver> {
  const r = await startReceiver();
  receivers.push(r);
  return r;
}

async function org() {
  const o = await createTestOrg();
  const agent = await o.agent();
  await o.setPolicy(POLICY);
  return { ...o, agentKey: agent.key };
}

/** The delivery log once `done` holds for its newest delivery. */
function logWhen(adminToken: string, webhookId: string, done: (newest: any) => boolean, timeoutMs = 20_000) {
  return waitFor(`delivery log of ${webhookId}`, async () => {
    const items = await deliveries(adminToken, webhookId);
    return items.length > 0 && done(items[0]) ? items : null;
  }, timeoutMs);
}

const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]);

describe("a delivery", () => {
  it("brings intent.pending to the receiver within moments, signed with the secret returned at creation", async () => {
    const o = await org();
    const r = await receiver();
    const hook = await createWebhook(o.admin.token, { url: r.url, events: ["intent.pending"] });
    const proposedAt = Date.now();
    const intent = await propose(o.agentKey, { action: "hook.pending", payload: { to: "someone" } });
    const [hit] = await r.waitForHits(1, 10_000);
    expect(hit.at - proposedAt, "woken by NOTIFY, not by the 30 s poll").toBeLessThan(5000);

    // The signature, computed here from the contract alone: hex HMAC-SHA256 of "<t>.<raw body>".
    const header = String(hit.headers["tollgate-signature"]);
    const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
    expect(match, header).not.toBeNull();
    const [, t, v1] = match!;
    expect(v1).toBe(createHmac("sha256", hook.secret).update(`${t}.${hit.body}`).digest("hex"));
    expect(Math.abs(Number(t) - Date.now() / 1000)).toBeLessThan(30);
    expect(verifySignature({ header, body: hit.body, secret: hook.secret })).toEqual({ ok: true, timestamp: Number(t) });
    expect(verifySignature({ header, body: hit.body, secret: "whsec_some_other_secret_000" }).ok).toBe(false);

    const body = JSON.parse(hit.body);
    expect(Object.keys(body).sort()).toEqual(["created_at", "data", "id", "type"]);
    expect(body).toMatchObject({ type: "intent.pending", data: { id: intent.id, status: "pending_approval", action: "hook.pending" } });
    expect(body.id).toMatch(/^evt_/);
    expect(Date.parse(body.created_at)).not.toBeNaN();
    const [row] = await deliveryRows(hook.id);
    expect(hit.headers).toMatchObject({
      "content-type": "application/json",
      "user-agent": "Tollgate-Webhooks/1",
      "tollgate-event-id": body.id,
      "tollgate-delivery-id": row.id,
    });
    expect(row.event_id).toBe(body.id);

    const [logged] = await logWhen(o.admin.token, hook.id, (d) => d.status === "delivered");
    expect(logged).toMatchObject({ id: row.id, event_id: body.id, event_type: "intent.pending", attempts: 1, last_status_code: 200, last_error: null, next_attempt_at: null });
    expect(logged.attempt_log).toHaveLength(1);
    expect(logged.attempt_log[0]).toMatchObject({ number: 1, status_code: 200, error: null });
    expect(logged.attempt_log[0].duration_ms).toBeGreaterThanOrEqual(0);
    expect(Date.parse(logged.delivered_at)).toBeGreaterThanOrEqual(Date.parse(logged.attempt_log[0].started_at));
  });

  it("is retried after 500, 500 with growing gaps, then delivered on the third attempt", async () => {
    const o = await org();
    const r = await receiver();
    r.reply((n) => (n <= 2 ? 500 : 200));
    const hook = await createWebhook(o.admin.token, { url: r.url, events: ["intent.pending"] });
    await propose(o.agentKey, { action: "hook.pending", payload: { n: 1 } });
    const hits = await r.waitForHits(3, 15_000);
    const [delivery] = await logWhen(o.admin.token, hook.id, (d) => d.status === "delivered");

    expect(delivery).toMatchObject({ attempts: 3, last_status_code: 200, last_error: null });
    expect(delivery.attempt_log.map((a: any) => [a.number, a.status_code, a.error])).toEqual([
      [1, 500, "HTTP 500"],
      [2, 500, "HTTP 500"],
      [3, 200, null],
    ]);
    // Backoff: base × 4^(n−1) within ±20 %, so each gap is longer than the one before.
    const logged = gaps(delivery.attempt_log.map((a: any) => Date.parse(a.started_at)));
    const received = gaps(hits.map((h) => h.at));
    for (const g of [logged, received]) {
      expect(g[0]).toBeGreaterThanOrEqual(0.8 * BASE_MS - 20);
      expect(g[1]).toBeGreaterThanOrEqual(0.8 * BASE_MS * 4 - 20);
      expect(g[1]).toBeGreaterThan(g[0]);
    }
    // The same event and the same bytes every time; only the signature's time moves.
    expect(new Set(hits.map((h) => h.body)).size).toBe(1);
    expect(new Set(hits.map((h) => h.headers["tollgate-event-id"])).size).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(r.hits).toHaveLength(3);
  });

  it("times out a receiver that never answers, and retries", async () => {
    const o = await org();
    const r = await receiver();
    r.reply((n) => (n === 1 ? "hang" : 200));
    const hook = await createWebhook(o.admin.token, { url: r.url, events: ["intent.pending"] });
    await propose(o.agentKey, { action: "hook.pending", payload: { n: 1 } });
    const [delivery] = await logWhen(o.admin.token, hook.id, (d) => d.status === "delivered");
    expect(delivery.attempt_log.map((a: any) => a.status_code)).toEqual([null, 200]);
    expect(delivery.attempt_log[0].error).toMatch(/timed out after 1500 ms/);
    expect(delivery.attempt_log[0].duration_ms).toBeGreaterThanOrEqual(1400);
  });

  it("fails after WEBHOOK_MAX_ATTEMPTS; a redelivery starts a new round that delivers it", async () => {
    const o = await org();
    const r = await receiver();
    r.reply(() => 503);
    const hook = await createWebhook(o.admin.token, { url: r.url, events: ["intent.pending"] });
    await propose(o.agentKey, { action: "hook.pending", payload: { n: 1 } });
    const [failed] = await logWhen(o.admin.token, hook.id, (d) => d.status === "failed");
    expect(failed).toMatchObject({ attempts: 4, last_status_code: 503, last_error: "HTTP 503", next_attempt_at: null });
    expect(Date.parse(failed.failed_at)).not.toBeNaN();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(r.hits, "no attempt after giving up").toHaveLength(4);

    r.reply(() => 204);
    const again = await call("POST", `/api/v1/webhooks/${hook.id}/deliveries/${failed.id}/redeliver`, { token: o.admin.token, body: {} });
    expect(again.status).toBe(202);
    const [delivered] = await logWhen(o.admin.token, hook.id, (d) => d.status === "delivered", 10_000);
    expect(delivered).toMatchObject({ id: failed.id, attempts: 5, last_status_code: 204, failed_at: null });
    expect(delivered.attempt_log.map((a: any) => a.status_code)).toEqual([503, 503, 503, 503, 204]);
    expect(new Set(r.hits.map((h) => h.headers["tollgate-event-id"])).size).toBe(1);
  });
});

describe("who gets what", () => {
  it("delivers only the event types a webhook subscribed to", async () => {
    const o = await org();
    const [pendingOnly, leasesOnly, everything] = [await receiver(), await receiver(), await receiver()];
    await createWebhook(o.admin.token, { url: pendingOnly.url, events: ["intent.pending"] });
    await createWebhook(o.admin.token, { url: leasesOnly.url, events: ["lease.expiring_soon", "lease.expired"] });
    await createWebhook(o.admin.token, { url: everything.url, events: ["*"] });
    const held = await propose(o.agentKey, { action: "hook.pending", payload: { n: 1 } });
    const allowed = await propose(o.agentKey, { action: "hook.allow", payload: { n: 2 } });
    const all = await everything.waitForHits(2);
    expect(all.map((h) => JSON.parse(h.body)).map((b) => [b.type, b.data.id]).sort()).toEqual(
      [["intent.pending", held.id], ["intent.resolved", allowed.id]].sort(),
    );
    await pendingOnly.waitForHits(1);
    // Give a stray delivery time to show up before counting.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(pendingOnly.hits.map((h) => JSON.parse(h.body).type)).toEqual(["intent.pending"]);
    expect(leasesOnly.hits).toEqual([]);
  });

  it("never sends one organization's events to another's webhooks", async () => {
    const [A, B] = [await org(), await org()];
    const [ra, rb] = [await receiver(), await receiver()];
    const hookA = await createWebhook(A.admin.token, { url: ra.url, events: ["*"] });
    const hookB = await createWebhook(B.admin.token, { url: rb.url, events: ["*"] });
    const fromA = await propose(A.agentKey, { action: "hook.pending", payload: { org: "A" } });
    const fromB = await propose(B.agentKey, { action: "hook.pending", payload: { org: "B" } });
    await ra.waitForHits(1);
    await rb.waitForHits(1);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(ra.hits.map((h) => JSON.parse(h.body).data.id)).toEqual([fromA.id]);
    expect(rb.hits.map((h) => JSON.parse(h.body).data.id)).toEqual([fromB.id]);
    const verify = (hit: Receiver["hits"][number], secret: string) => verifySignature({ header: String(hit.headers["tollgate-signature"]), body: hit.body, secret }).ok;
    expect([verify(ra.hits[0], hookA.secret), verify(ra.hits[0], hookB.secret)]).toEqual([true, false]);
    expect([verify(rb.hits[0], hookB.secret), verify(rb.hits[0], hookA.secret)]).toEqual([true, false]);
  });

  it("holds queued deliveries of a disabled webhook and sends them once it is enabled again", async () => {
    const o = await org();
    const r = await receiver();
    let answer!: (status: number) => void;
    r.reply((n) => (n === 1 ? new Promise<number>((resolve) => (answer = resolve)) : 200));
    const hook = await createWebhook(o.admin.token, { url: r.url, events: ["intent.pending"] });
    await propose(o.agentKey, { action: "hook.pending", payload: { n: 1 } });
    await r.waitForHits(1);
    // Disabled while the first attempt is in flight; it then fails, and its retry must wait.
    expect((await call("PATCH", `/api/v1/webhooks/${hook.id}`, { token: o.admin.token, body: { active: false } })).status).toBe(200);
    answer(500);
    await logWhen(o.admin.token, hook.id, (d) => d.attempts === 1 && !d.in_progress && d.last_status_code === 500);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(r.hits).toHaveLength(1);
    expect((await deliveries(o.admin.token, hook.id))[0].status).toBe("pending");

    const enabledAt = Date.now();
    await call("PATCH", `/api/v1/webhooks/${hook.id}`, { token: o.admin.token, body: { active: true } });
    const hits = await r.waitForHits(2, 10_000);
    expect(hits[1].at - enabledAt, "woken by the re-enable, not the poll").toBeLessThan(5000);
    await logWhen(o.admin.token, hook.id, (d) => d.status === "delivered");
  });
});

describe("the SSRF guard at delivery time", () => {
  it("refuses targets that resolve to loopback unless WEBHOOK_ALLOW_PRIVATE_TARGETS=1", async () => {
    const o = await org();
    const r = await receiver();
    // Created while private targets are allowed; then the setting is turned off.
    const byIp = await createWebhook(o.admin.token, { url: r.url, events: ["intent.pending"] });
    const byName = await createWebhook(o.admin.token, { url: `http://localhost:${r.port}/by-name`, events: ["intent.pending"] });
    process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = "0";
    try {
      await propose(o.agentKey, { action: "hook.pending", payload: { n: 1 } });
      const [ip] = await logWhen(o.admin.token, byIp.id, (d) => d.attempts >= 1 && !d.in_progress);
      const [name] = await logWhen(o.admin.token, byName.id, (d) => d.attempts >= 1 && !d.in_progress);
      expect(ip.attempt_log[0]).toMatchObject({ status_code: null, error: "refused: 127.0.0.1 is a private, loopback or link-local address" });
      // A hostname is checked on the addresses DNS gives, at connection time.
      expect(name.attempt_log[0].error).toMatch(/^refused: localhost resolves to (127\.0\.0\.1|::1), a private/);
      expect(r.hits).toEqual([]);
    } finally {
      process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = "1";
    }
    // Allowed again: the retries go through.
    await logWhen(o.admin.token, byIp.id, (d) => d.status === "delivered");
    expect(r.hits.length).toBeGreaterThanOrEqual(1);
  });
});
