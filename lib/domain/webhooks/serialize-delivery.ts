import type { WebhookDelivery, WebhookDeliveryAttempt } from "../../generated/prisma/client";
import { iso } from "../../time";

/** Attempts shown per delivery, newest kept. */
export const ATTEMPT_LOG_LIMIT = 50;

/** A delivery as the API shows it, with its attempt log oldest first. */
export function serializeDelivery(delivery: WebhookDelivery & { attemptLog: WebhookDeliveryAttempt[] }, now = new Date()) {
  const pending = delivery.status === "pending";
  return {
    id: delivery.id,
    webhook_id: delivery.webhookId,
    event_id: delivery.eventId,
    event_type: delivery.eventType,
    status: delivery.status,
    attempts: delivery.attempts,
    /** A worker holds the delivery and is sending it right now. */
    in_progress: pending && delivery.lockedUntil !== null && delivery.lockedUntil > now,
    last_status_code: delivery.lastStatusCode,
    last_error: delivery.lastError,
    last_attempt_at: iso(delivery.lastAttemptAt),
    next_attempt_at: pending ? iso(delivery.nextAttemptAt) : null,
    delivered_at: iso(delivery.deliveredAt),
    failed_at: iso(delivery.failedAt),
    created_at: delivery.createdAt.toISOString(),
    attempt_log: [...delivery.attemptLog].sort((a, b) => a.number - b.number).map(serializeAttempt),
  };
}

export type DeliveryView = ReturnType<typeof serializeDelivery>;

function serializeAttempt(attempt: WebhookDeliveryAttempt) {
  return {
    number: attempt.number,
    started_at: attempt.startedAt.toISOString(),
    finished_at: iso(attempt.finishedAt),
    status_code: attempt.statusCode,
    error: attempt.error,
    duration_ms: attempt.durationMs,
  };
}

/** Prisma include for the newest ATTEMPT_LOG_LIMIT attempts of a delivery. */
export const DELIVERY_INCLUDE = { attemptLog: { orderBy: { number: "desc" }, take: ATTEMPT_LOG_LIMIT } } as const;
