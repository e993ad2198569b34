import { rowKey } from "../../db/scoped";
import type { TRotateWebhookSecret } from "../../schemas/webhooks";
import { mintWebhookSecret, sealSecret } from "../../webhooks/secret-box";
import { appendAuditEvent } from "../audit/append-audit-event";
import type { UserContext } from "../request-context";
import { lockWebhook } from "./lock-webhook";
import { serializeWebhook } from "./serialize-webhook";

/**
 * POST /webhooks/{id}/rotate-secret: a new signing secret (the caller's or a new `whsec_…`),
 * returned this once. Every attempt from the commit on is signed with it, queued retries included.
 */
export async function rotateWebhookSecret(ctx: UserContext, webhookId: string, input: TRotateWebhookSecret) {
  const secret = input.secret ?? mintWebhookSecret();
  return ctx.tx(async (tx) => {
    await lockWebhook(ctx, tx, webhookId);
    const webhook = await tx.webhook.update({ where: rowKey(ctx.orgId, webhookId), data: { secretEncrypted: sealSecret(secret, webhookId) } });
    await appendAuditEvent(tx, ctx.orgId, {
      actor: ctx.actor,
      type: "webhook.secret_rotated",
      subject: { type: "webhook", id: webhookId },
      data: {},
    });
    return { ...serializeWebhook(webhook), secret };
  });
}
