import { lockKey } from "../../db/locks";
import { AppError } from "../../errors";
import { newId } from "../../ids";
import type { TCreateWebhook } from "../../schemas/webhooks";
import { mintWebhookSecret, sealSecret } from "../../webhooks/secret-box";
import { appendAuditEvent } from "../audit/append-audit-event";
import type { UserContext } from "../request-context";
import { assertTargetAllowed } from "./assert-target-allowed";
import { auditTarget, serializeWebhook } from "./serialize-webhook";

/** Every event fans out to every subscribed webhook, so an organization's count is bounded. */
export const MAX_WEBHOOKS_PER_ORG = 20;

/**
 * POST /webhooks: a new endpoint. The signing secret (the caller's, or a new `whsec_…`) is in this
 * response only; it is stored sealed (AES-256-GCM) and never shown again — rotate to get a new one.
 */
export async function createWebhook(ctx: UserContext, input: TCreateWebhook) {
  assertTargetAllowed(input.url);
  const id = newId("whk");
  const secret = input.secret ?? mintWebhookSecret();
  return ctx.tx(async (tx) => {
    await lockKey(tx, `webhooks:${ctx.orgId}`);
    if ((await tx.webhook.count()) >= MAX_WEBHOOKS_PER_ORG) {
      throw new AppError("conflict", `An organization can have at most ${MAX_WEBHOOKS_PER_ORG} webhooks; delete one first`);
    }
    const webhook = await tx.webhook.create({
      data: { id, orgId: ctx.orgId, url: input.url, events: input.events, secretEncrypted: sealSecret(secret, id) },
    });
    await appendAuditEvent(tx, ctx.orgId, {
      actor: ctx.actor,
      type: "webhook.created",
      subject: { type: "webhook", id },
      data: { ...auditTarget(webhook.url), events: webhook.events },
    });
    return { ...serializeWebhook(webhook), secret };
  });
}
