// The history's webhook: an admin adds an endpoint for new approval requests and granted leases;
// it answers for weeks (now and then a 502 or a timeout, retried), then its receiver goes down:
// every attempt is refused, retried with the worker's backoff until the delivery fails, and the
// admin disables the endpoint. Deliveries still retrying then wait (workers skip a disabled
// webhook), so the live delivery worker never sends anything to it.
import type { EventType } from "../../lib/domain/events/event-types";
import { auditTarget } from "../../lib/domain/webhooks/serialize-webhook";
import { retryDelayMs } from "../../lib/webhooks/retry-delay";
import { mintWebhookSecret, sealSecret } from "../../lib/webhooks/secret-box";
import { webhookSettings } from "../../lib/webhooks/webhook-settings";
import { SECOND } from "./clock";
import type { HistoryContext } from "./history-context";
import { type Row, type Timed, byTime, iso } from "./history-store";

const URL = "http://127.0.0.1:9/demo-hook";
const EVENTS: EventType[] = ["intent.pending", "lease.activated"];
const WORKER = "tollgate-app:2817";

export interface WebhookTimes {
  createdAt: number;
  /** From here on the receiver refuses connections. */
  outageAt: number;
  disabledAt: number;
}

interface Attempt {
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export function webhookStory(ctx: HistoryContext, adminId: string, times: WebhookTimes): Row {
  const { store } = ctx;
  const id = store.newId("whk");
  const webhook = {
    id, org_id: store.orgId, url: URL, events: EVENTS, secret_encrypted: sealSecret(mintWebhookSecret(), id), active: false,
    created_at: iso(times.createdAt), updated_at: iso(times.disabledAt),
  };
  store.webhooks.push(webhook);
  const actor = { type: "user", id: adminId };
  store.audit(times.createdAt, { actor, type: "webhook.created", subject: { type: "webhook", id }, data: { ...auditTarget(URL), events: EVENTS } });
  store.audit(times.disabledAt, { actor, type: "webhook.updated", subject: { type: "webhook", id }, data: { ...auditTarget(URL), active: false } });
  const subscribed = store.events.filter((e) => EVENTS.includes(e.value.type as EventType) && e.at >= times.createdAt && e.at < times.disabledAt);
  for (const event of subscribed.sort(byTime)) deliver(ctx, id, event, times);
  return webhook;
}

/** One delivery and its attempts, as the delivery worker would have left them. */
function deliver(ctx: HistoryContext, webhookId: string, event: Timed<Row>, times: WebhookTimes): void {
  const { store, r } = ctx;
  const { maxAttempts, backoffBaseMs } = webhookSettings();
  const id = store.newId("whd");
  let at = event.at + Math.round(r.between(0.2, 2) * SECOND);
  let status: "pending" | "delivered" | "failed" = "pending";
  let last: (Attempt & { finishedAt: number }) | null = null;
  let number = 0;
  while (status === "pending" && at < times.disabledAt) {
    number += 1;
    const attempt = attemptAt(ctx, at, times);
    const finishedAt = at + attempt.durationMs;
    store.attempts.push({
      id: store.newId("wha"), org_id: store.orgId, delivery_id: id, number, worker: WORKER, started_at: iso(at), finished_at: iso(finishedAt),
      status_code: attempt.statusCode, error: attempt.error, duration_ms: attempt.durationMs,
    });
    last = { ...attempt, finishedAt };
    if (attempt.statusCode === 200) status = "delivered";
    else if (number >= maxAttempts) status = "failed";
    else at = finishedAt + retryDelayMs(number, backoffBaseMs, r.next());
  }
  const settledAt = last?.finishedAt ?? event.at;
  store.deliveries.push({
    id, org_id: store.orgId, webhook_id: webhookId, event_id: event.value.id, event_type: event.value.type, status,
    attempts: number, round_attempts: number, next_attempt_at: iso(status === "pending" ? at : settledAt),
    last_status_code: last?.statusCode ?? null, last_error: last?.error ?? null, last_attempt_at: last ? iso(last.finishedAt) : null,
    delivered_at: status === "delivered" ? iso(settledAt) : null, failed_at: status === "failed" ? iso(settledAt) : null,
    created_at: iso(event.at), updated_at: iso(settledAt),
  });
}

function attemptAt(ctx: HistoryContext, at: number, times: WebhookTimes): Attempt {
  const { r } = ctx;
  if (at >= times.outageAt) return { statusCode: null, error: "connect ECONNREFUSED 127.0.0.1:9", durationMs: r.int(1, 4) };
  if (r.chance(0.02)) return { statusCode: 502, error: "HTTP 502", durationMs: r.int(30, 300) };
  if (r.chance(0.01)) return { statusCode: null, error: `timed out after ${webhookSettings().timeoutMs} ms`, durationMs: webhookSettings().timeoutMs };
  return { statusCode: 200, error: null, durationMs: Math.round(Math.max(15, r.logNormal(90, 0.6))) };
}
