import { orgDb } from "../../db/scoped";
import { notFound } from "../../errors";
import { serializeWebhook } from "./serialize-webhook";

/** GET /webhooks/{id}: the webhook, without its secret; another org's id is a 404 like a missing one. */
export async function getWebhook(orgId: string, webhookId: string) {
  const webhook = await orgDb(orgId).webhook.findFirst({ where: { id: webhookId } });
  if (!webhook) throw notFound("Webhook");
  return serializeWebhook(webhook);
}
