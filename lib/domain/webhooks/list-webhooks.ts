import { decodeCursor, encodeCursor } from "../intents/intent-cursor";
import { type Page, pageOf } from "../pagination";
import type { RequestContext } from "../request-context";
import { serializeWebhook } from "./serialize-webhook";

/** GET /webhooks: newest first, keyset-paginated on (created_at, id); never includes secrets. */
export async function listWebhooks(ctx: RequestContext, page: Page) {
  const after = page.cursor ? decodeCursor(page.cursor) : null;
  const rows = await ctx.db.webhook.findMany({
    where: after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {},
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: page.limit + 1,
  });
  return pageOf(rows, page.limit, encodeCursor, serializeWebhook);
}
