import type { UserPrincipal } from "../../auth/principal";
import { lockKey } from "../../db/locks";
import { inOrgTx } from "../../db/scoped";
import { AppError } from "../../errors";
import { newId } from "../../ids";
import type { TCreateWebhook } from "../../schemas/webhooks";
import { mintWebhookSecret, sealSecret } from "../../webhooks/secret-box";
import { appendAuditEvent } from "../audit/append-audit-event";
import { assertTargetAllowed } from "./assert-target-allowed";
import { auditTarget, serializeWebhook } from "./serialize-webhook";

/** Every event fans out to every subscribed webhook, so an organization's count is bounded. */
export const MAX_WEBHOOKS_PER_ORG = 20;

/**
 * POST /webhooks: a new endpoint. The signing secret (the caller's, or a new `whsec_…`) is in this
 * response only; it is stored sealed (AES-256-GCM) and never shown again — rotate to get a new one.
 */
export async function createWebhook(auth: UserPrincipal, input: TCreateWebhook) {
  assertTargetAllowed(input.url);
  const id = newId("whk");
  const secret = input.secret ?? mintWebhookSecret();
  return inOrgTx(auth.orgId, async (tx) => {
    await lockKey(tx, `webhooks:${auth.orgId}`);
    if ((await tx.webhook.count()) >= MAX_WEBHOOKS_PER_ORG) {
      throw new AppError("conflict", `An organization can have at most ${MAX_WEBHOOKS_PER_ORG} webhooks; delete one first`);
    }
    const webhook = await tx.webhook.create({
      data: { id, orgId: auth.orgId, url: input.url, events: input.events, secretEncrypted: sealSecret(secret, id) },
    });
    await appendAuditEvent(tx, auth.orgId, {
      actor: { type: "user", id: auth.userId },
      type: "webhook.created",
      subject: { type: "webhook", id },
      data: { ...auditTarget(webhook.url), events: webhook.events },
    });
    return { ...serializeWebhook(webhook), secret };
  });
}
