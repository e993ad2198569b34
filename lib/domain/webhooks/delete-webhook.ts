import { rowKey } from "../../db/scoped";
import { appendAuditEvent } from "../audit/append-audit-event";
import type { UserContext } from "../request-context";
import { lockWebhook } from "./lock-webhook";
import { auditTarget } from "./serialize-webhook";

/**
 * DELETE /webhooks/{id}: the webhook, its sealed secret and its delivery log go (the audit trail
 * keeps that it existed). A worker mid-send finishes that one POST; its result has no row left to land on.
 */
export async function deleteWebhook(ctx: UserContext, webhookId: string) {
  return ctx.tx(async (tx) => {
    await lockWebhook(ctx, tx, webhookId);
    const webhook = await tx.webhook.delete({ where: rowKey(ctx.orgId, webhookId) });
    await appendAuditEvent(tx, ctx.orgId, {
      actor: ctx.actor,
      type: "webhook.deleted",
      subject: { type: "webhook", id: webhookId },
      data: auditTarget(webhook.url),
    });
    return { id: webhookId, deleted: true as const };
  });
}
