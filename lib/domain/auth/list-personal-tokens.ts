import { decodeCursor, encodeCursor } from "../intents/intent-cursor";
import { type Page, pageOf } from "../pagination";
import type { UserContext } from "../request-context";
import { serializePersonalToken } from "./serialize-personal-token";

/** GET /tokens: the caller's own personal access tokens in this org, newest first, revoked ones included. */
export async function listPersonalTokens(ctx: UserContext, page: Page) {
  const after = page.cursor ? decodeCursor(page.cursor) : null;
  const rows = await ctx.db.apiToken.findMany({
    where: {
      userId: ctx.principal.userId,
      ...(after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: page.limit + 1,
  });
  return pageOf(rows, page.limit, encodeCursor, (row) => serializePersonalToken(row, ctx.principal.tokenId));
}
