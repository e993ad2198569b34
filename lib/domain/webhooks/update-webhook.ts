import { rowKey } from "../../db/scoped";
import type { TUpdateWebhook } from "../../schemas/webhooks";
import { appendAuditEvent } from "../audit/append-audit-event";
import { assertTargetAllowed } from "./assert-target-allowed";
import type { UserContext } from "../request-context";
import { lockWebhook } from "./lock-webhook";
import { auditTarget, serializeWebhook } from "./serialize-webhook";
import { wakeDeliveryWorkers } from "./wake-delivery-workers";

/**
 * PATCH /webhooks/{id}: url, events, active. A disabled webhook gets no new deliveries, and the
 * ones already queued wait (workers skip them) until it is enabled again; a new URL applies to
 * every later attempt, queued ones included.
 */
export async function updateWebhook(ctx: UserContext, webhookId: string, input: TUpdateWebhook) {
  if (input.url !== undefined) assertTargetAllowed(input.url);
  return ctx.tx(async (tx) => {
    await lockWebhook(ctx, tx, webhookId);
    const before = await tx.webhook.findFirstOrThrow({ where: { id: webhookId } });
    const webhook = await tx.webhook.update({ where: rowKey(ctx.orgId, webhookId), data: { url: input.url, events: input.events, active: input.active } });
    await appendAuditEvent(tx, ctx.orgId, {
      actor: ctx.actor,
      type: "webhook.updated",
      subject: { type: "webhook", id: webhookId },
      data: {
        ...auditTarget(webhook.url),
        ...(input.url !== undefined ? { url_changed: input.url !== before.url } : {}),
        ...(input.events !== undefined ? { events: webhook.events } : {}),
        ...(input.active !== undefined ? { active: webhook.active } : {}),
      },
    });
    if (webhook.active && !before.active) await wakeDeliveryWorkers(tx, ctx.orgId, webhookId);
    return serializeWebhook(webhook);
  });
}
