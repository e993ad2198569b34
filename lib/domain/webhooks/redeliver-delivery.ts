import { rowKey } from "../../db/scoped";
import { AppError, notFound } from "../../errors";
import { appendAuditEvent } from "../audit/append-audit-event";
import type { UserContext } from "../request-context";
import { DELIVERY_INCLUDE, serializeDelivery } from "./serialize-delivery";
import { wakeDeliveryWorkers } from "./wake-delivery-workers";

/**
 * POST /webhooks/{id}/deliveries/{delivery_id}/redeliver: queues the delivery again, due now, with
 * a fresh round of attempts (the log keeps the earlier ones). The same event id goes out again, so
 * receivers that dedupe by id see it as the repeat it is.
 */
export async function redeliverDelivery(ctx: UserContext, webhookId: string, deliveryId: string) {
  return ctx.tx(async (tx) => {
    const rows = await ctx.sql<{ status: string; locked_until: Date | null; active: boolean; event_id: string }>((p) => `
      SELECT d.status, d.locked_until, w.active, d.event_id FROM webhook_deliveries d
      JOIN webhooks w ON w.id = d.webhook_id AND w.org_id = d.org_id
      WHERE d.id = ${p.add(deliveryId)} AND d.webhook_id = ${p.add(webhookId)} AND d.org_id = ${p.org}
      FOR UPDATE OF d`, tx);
    const current = rows[0];
    if (!current) throw notFound("Delivery");
    if (!current.active) throw new AppError("conflict", "The webhook is disabled; enable it before redelivering");
    const now = new Date();
    if (current.status === "pending" && current.locked_until && current.locked_until > now) {
      throw new AppError("conflict", "An attempt of this delivery is in progress; try again when it has finished");
    }
    const delivery = await tx.webhookDelivery.update({
      where: rowKey(ctx.orgId, deliveryId),
      data: { status: "pending", roundAttempts: 0, nextAttemptAt: now, deliveredAt: null, failedAt: null, lockedUntil: null, claimId: null },
      include: DELIVERY_INCLUDE,
    });
    await appendAuditEvent(tx, ctx.orgId, {
      actor: ctx.actor,
      type: "webhook.redelivery_requested",
      subject: { type: "webhook", id: webhookId },
      data: { delivery_id: deliveryId, event_id: current.event_id, previous_status: current.status },
    });
    await wakeDeliveryWorkers(tx, ctx.orgId, deliveryId);
    return serializeDelivery(delivery, now);
  });
}
