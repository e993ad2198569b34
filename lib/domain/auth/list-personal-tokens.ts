import type { UserPrincipal } from "../../auth/principal";
import { orgDb } from "../../db/scoped";
import { decodeCursor, encodeCursor } from "../intents/intent-cursor";
import { type Page, pageOf } from "../pagination";
import { serializePersonalToken } from "./serialize-personal-token";

/** GET /tokens: the caller's own personal access tokens in this org, newest first, revoked ones included. */
export async function listPersonalTokens(auth: UserPrincipal, page: Page) {
  const after = page.cursor ? decodeCursor(page.cursor) : null;
  const rows = await orgDb(auth.orgId).apiToken.findMany({
    where: {
      userId: auth.userId,
      ...(after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: page.limit + 1,
  });
  return pageOf(rows, page.limit, encodeCursor, (row) => serializePersonalToken(row, auth.tokenId));
}
