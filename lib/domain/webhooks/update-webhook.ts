import type { UserPrincipal } from "../../auth/principal";
import { inOrgTx } from "../../db/scoped";
import type { TUpdateWebhook } from "../../schemas/webhooks";
import { appendAuditEvent } from "../audit/append-audit-event";
import { assertTargetAllowed } from "./assert-target-allowed";
import { lockWebhook } from "./lock-webhook";
import { auditTarget, serializeWebhook } from "./serialize-webhook";
import { wakeDeliveryWorkers } from "./wake-delivery-workers";

/**
 * PATCH /webhooks/{id}: url, events, active. A disabled webhook gets no new deliveries, and the
 * ones already queued wait (workers skip them) until it is enabled again; a new URL applies to
 * every later attempt, queued ones included.
 */
export async function updateWebhook(auth: UserPrincipal, webhookId: string, input: TUpdateWebhook) {
  if (input.url !== undefined) assertTargetAllowed(input.url);
  return inOrgTx(auth.orgId, async (tx) => {
    await lockWebhook(tx, auth.orgId, webhookId);
    const before = await tx.webhook.findFirstOrThrow({ where: { id: webhookId } });
    const webhook = await tx.webhook.update({ where: { id: webhookId }, data: { url: input.url, events: input.events, active: input.active } });
    await appendAuditEvent(tx, auth.orgId, {
      actor: { type: "user", id: auth.userId },
      type: "webhook.updated",
      subject: { type: "webhook", id: webhookId },
      data: {
        ...auditTarget(webhook.url),
        ...(input.url !== undefined ? { url_changed: input.url !== before.url } : {}),
        ...(input.events !== undefined ? { events: webhook.events } : {}),
        ...(input.active !== undefined ? { active: webhook.active } : {}),
      },
    });
    if (webhook.active && !before.active) await wakeDeliveryWorkers(tx, auth.orgId, webhookId);
    return serializeWebhook(webhook);
  });
}
