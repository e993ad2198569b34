import type { UserPrincipal } from "../../auth/principal";
import { inOrgTx } from "../../db/scoped";
import { appendAuditEvent } from "../audit/append-audit-event";
import { lockWebhook } from "./lock-webhook";
import { auditTarget } from "./serialize-webhook";

/**
 * DELETE /webhooks/{id}: the webhook, its sealed secret and its delivery log go (the audit trail
 * keeps that it existed). A worker mid-send finishes that one POST; its result has no row left to land on.
 */
export async function deleteWebhook(auth: UserPrincipal, webhookId: string) {
  return inOrgTx(auth.orgId, async (tx) => {
    await lockWebhook(tx, auth.orgId, webhookId);
    const webhook = await tx.webhook.delete({ where: { id: webhookId } });
    await appendAuditEvent(tx, auth.orgId, {
      actor: { type: "user", id: auth.userId },
      type: "webhook.deleted",
      subject: { type: "webhook", id: webhookId },
      data: auditTarget(webhook.url),
    });
    return { id: webhookId, deleted: true };
  });
}
