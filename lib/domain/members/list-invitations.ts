import { decodeCursor, encodeCursor } from "../intents/intent-cursor";
import { type Page, pageOf } from "../pagination";
import type { RequestContext } from "../request-context";
import { serializeInvitation } from "./serialize-invitation";

/** GET /invitations: the org's pending invitations (not accepted, revoked or expired), newest first. */
export async function listInvitations(ctx: RequestContext, page: Page) {
  const after = page.cursor ? decodeCursor(page.cursor) : null;
  const rows = await ctx.db.invitation.findMany({
    where: {
      acceptedAt: null,
      revokedAt: null,
      expiresAt: { gt: new Date() },
      ...(after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: page.limit + 1,
  });
  return pageOf(rows, page.limit, encodeCursor, serializeInvitation);
}
