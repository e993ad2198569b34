import { notFound } from "../../errors";
import type { RequestContext } from "../request-context";
import { serializeWebhook } from "./serialize-webhook";

/** GET /webhooks/{id}: the webhook, without its secret; another org's id is a 404 like a missing one. */
export async function getWebhook(ctx: RequestContext, webhookId: string) {
  const webhook = await ctx.db.webhook.findFirst({ where: { id: webhookId } });
  if (!webhook) throw notFound("Webhook");
  return serializeWebhook(webhook);
}
