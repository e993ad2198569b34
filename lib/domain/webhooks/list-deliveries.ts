import { notFound } from "../../errors";
import type { Prisma } from "../../generated/prisma/client";
import type { TListDeliveriesQuery } from "../../schemas/webhooks";
import { decodeCursor, encodeCursor } from "../intents/intent-cursor";
import { pageOf } from "../pagination";
import type { RequestContext } from "../request-context";
import { DELIVERY_INCLUDE, serializeDelivery } from "./serialize-delivery";

/** GET /webhooks/{id}/deliveries: the delivery log, newest first, each with its attempts. */
export async function listDeliveries(ctx: RequestContext, webhookId: string, query: TListDeliveriesQuery) {
  const webhook = await ctx.db.webhook.findFirst({ where: { id: webhookId }, select: { id: true } });
  if (!webhook) throw notFound("Webhook");
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const where: Prisma.WebhookDeliveryWhereInput = {
    webhookId,
    ...(query.status ? { status: query.status } : {}),
    ...(after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {}),
  };
  const rows = await ctx.db.webhookDelivery.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    include: DELIVERY_INCLUDE,
  });
  const now = new Date();
  return pageOf(rows, query.limit, encodeCursor, (row) => serializeDelivery(row, now));
}
