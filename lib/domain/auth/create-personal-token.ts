import { AppError } from "../../errors";
import type { TCreatePersonalToken } from "../../schemas/tokens";
import { appendAuditEvent } from "../audit/append-audit-event";
import type { UserContext } from "../request-context";
import { issueUserToken } from "./issue-user-token";
import { serializePersonalToken } from "./serialize-personal-token";

/**
 * POST /tokens: a new personal access token for the caller in this org, shown this once. A token
 * minted with another token is its child: it cannot outlive it, and revoking the parent (or any
 * ancestor) revokes it, so a leaked token cannot mint itself a survivor.
 */
export async function createPersonalToken(ctx: UserContext, input: TCreatePersonalToken) {
  return ctx.tx(async (tx) => {
    let expiresAt = new Date(Date.now() + input.expires_in_days * 86_400_000);
    let parentTokenId: string | null = null;
    if (ctx.principal.via === "token" && ctx.principal.tokenId) {
      // FOR SHARE: a revocation of the parent waits for this mint to commit, then sees the child
      // and revokes it too; a parent revoked since this request was authenticated mints nothing.
      await ctx.sql((p) => `SELECT id FROM api_tokens WHERE id = ${p.add(ctx.principal.tokenId)} AND org_id = ${p.org} FOR SHARE`, tx);
      const parent = await tx.apiToken.findFirst({ where: { id: ctx.principal.tokenId, userId: ctx.principal.userId }, select: { expiresAt: true, revokedAt: true } });
      if (!parent || parent.revokedAt) throw new AppError("unauthorized", "Missing or invalid bearer token");
      if (parent.expiresAt && parent.expiresAt < expiresAt) expiresAt = parent.expiresAt;
      parentTokenId = ctx.principal.tokenId;
    }
    const issued = await issueUserToken(tx, ctx.orgId, ctx.principal.userId, input.name, expiresAt, parentTokenId);
    await appendAuditEvent(tx, ctx.orgId, {
      actor: ctx.actor,
      type: "token.created",
      subject: { type: "api_token", id: issued.id },
      data: { name: input.name, expires_at: expiresAt.toISOString(), ...(parentTokenId ? { parent_token_id: parentTokenId } : {}) },
    });
    return { ...serializePersonalToken(issued.row, ctx.principal.tokenId), token: issued.token };
  });
}
