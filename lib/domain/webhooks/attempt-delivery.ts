import { db } from "../../db/client";
import { postWebhook, type PostResult } from "../../webhooks/post-webhook";
import { retryDelayMs } from "../../webhooks/retry-delay";
import { openSecret } from "../../webhooks/secret-box";
import { SIGNATURE_HEADER, signPayload } from "../../webhooks/sign-payload";
import type { WebhookSettings } from "../../webhooks/webhook-settings";
import type { ClaimedDelivery } from "./claim-due-deliveries";

export const USER_AGENT = "Tollgate-Webhooks/1";

/**
 * Sends one claimed delivery and records the outcome. The body is the same bytes on every attempt
 * (`{"id","type","created_at","data"}`, id = the event id, for receivers to dedupe); the signature
 * is made fresh with the current secret and time. 2xx → delivered; anything else → retried after
 * the backoff, or failed once the round has used its attempts.
 */
export async function attemptDelivery(claim: ClaimedDelivery, settings: WebhookSettings): Promise<{ result: PostResult; retryAt: Date | null }> {
  const body = JSON.stringify({ id: claim.event.id, type: claim.event.type, created_at: claim.event.createdAt.toISOString(), data: claim.event.data });
  // Whatever goes wrong while sending is this attempt's outcome; only a failure to record it leaves
  // the claim to lapse (and the attempt to be marked interrupted).
  const result = await send(claim, body, settings).catch((error: Error) => ({ statusCode: null, error: `internal error: ${error.message}`, durationMs: 0 }));
  const retryAt = await recordResult(claim, result, settings);
  return { result, retryAt };
}

async function send(claim: ClaimedDelivery, body: string, settings: WebhookSettings): Promise<PostResult> {
  let secret: string;
  try {
    secret = openSecret(claim.secretBox, claim.webhookId);
  } catch {
    return { statusCode: null, error: "cannot open the signing secret (was TOLLGATE_SECRET changed?)", durationMs: 0 };
  }
  const headers = {
    "content-type": "application/json",
    "user-agent": USER_AGENT,
    "tollgate-event-id": claim.event.id,
    "tollgate-delivery-id": claim.deliveryId,
    [SIGNATURE_HEADER.toLowerCase()]: signPayload(secret, body),
  };
  return postWebhook(claim.url, body, headers, { timeoutMs: settings.timeoutMs, allowPrivateTargets: settings.allowPrivateTargets });
}

/**
 * The attempt row always gets the outcome (it happened). The delivery changes only while this
 * worker's claim stands: a redelivery or a re-claim after a lapsed lease has taken it over otherwise.
 * Returns when the next attempt is due, if one is.
 */
async function recordResult(claim: ClaimedDelivery, result: PostResult, settings: WebhookSettings): Promise<Date | null> {
  const now = new Date();
  const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
  const error = ok ? null : (result.error ?? `HTTP ${result.statusCode}`);
  const gaveUp = !ok && claim.round >= settings.maxAttempts;
  const status = ok ? "delivered" : gaveUp ? "failed" : "pending";
  const nextAttemptAt = ok || gaveUp ? now : new Date(now.getTime() + retryDelayMs(claim.round, settings.backoffBaseMs));
  await db().$transaction([
    db().$executeRaw`
      UPDATE webhook_delivery_attempts
      SET finished_at = ${now}, status_code = ${result.statusCode}, error = ${error}, duration_ms = ${result.durationMs}
      WHERE id = ${claim.attemptId} AND org_id = ${claim.orgId}`,
    db().$executeRaw`
      UPDATE webhook_deliveries
      SET status = ${status}::"WebhookDeliveryStatus", last_status_code = ${result.statusCode}, last_error = ${error},
          last_attempt_at = ${now}, next_attempt_at = ${nextAttemptAt},
          delivered_at = ${ok ? now : null}, failed_at = ${gaveUp ? now : null},
          locked_until = NULL, claim_id = NULL, updated_at = ${now}
      WHERE id = ${claim.deliveryId} AND org_id = ${claim.orgId} AND claim_id = ${claim.attemptId}`,
  ]);
  return status === "pending" ? nextAttemptAt : null;
}
