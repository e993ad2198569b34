import type { OrgTx } from "../../db/scoped";
import { notFound } from "../../errors";
import { appendAuditEvent } from "../audit/append-audit-event";
import type { UserContext } from "../request-context";
import { serializePersonalToken } from "./serialize-personal-token";

/**
 * DELETE /tokens/{id}: revokes one of the caller's own tokens at once, and with it every token
 * minted from it (children, their children, …), in one transaction. Another member's token, or
 * one of another org, answers exactly like a token that does not exist. Revoking twice is a
 * no-op (apart from catching up on a descendant still live).
 */
export async function revokePersonalToken(ctx: UserContext, tokenId: string) {
  return ctx.tx(async (tx) => {
    const token = await tx.apiToken.findFirst({ where: { id: tokenId, userId: ctx.principal.userId } });
    if (!token) throw notFound("Token");
    // Conditional on still being live, so two concurrent revocations audit once. Its row lock also
    // waits for a child being minted with this token (which holds the row FOR SHARE), so the
    // descendants read next include that child.
    const { count } = token.revokedAt
      ? { count: 0 }
      : await tx.apiToken.updateMany({ where: { id: tokenId, userId: ctx.principal.userId, revokedAt: null }, data: { revokedAt: new Date() } });
    const descendants = await revokeDescendants(ctx, tx, tokenId);
    const revoked = await tx.apiToken.findFirstOrThrow({ where: { id: tokenId, userId: ctx.principal.userId } });
    if (count === 1) {
      await appendAuditEvent(tx, ctx.orgId, {
        actor: ctx.actor,
        type: "token.revoked",
        subject: { type: "api_token", id: tokenId },
        data: { name: token.name, ...(descendants.length ? { descendants_revoked: descendants.length } : {}) },
      });
    }
    for (const child of descendants) {
      await appendAuditEvent(tx, ctx.orgId, {
        actor: ctx.actor,
        type: "token.revoked",
        subject: { type: "api_token", id: child.id },
        data: { name: child.name, revoked_with: tokenId },
      });
    }
    return serializePersonalToken(revoked, ctx.principal.tokenId);
  });
}

/** Revokes every live token descending from `tokenId` (one statement); answers those it revoked, in id order. */
async function revokeDescendants(ctx: UserContext, tx: OrgTx, tokenId: string): Promise<{ id: string; name: string }[]> {
  return ctx.sql((p) => `
    WITH RECURSIVE descendants AS (
      SELECT id FROM api_tokens WHERE parent_token_id = ${p.add(tokenId)} AND org_id = ${p.org}
      UNION
      SELECT t.id FROM api_tokens t JOIN descendants d ON t.parent_token_id = d.id WHERE t.org_id = ${p.org}
    ), revoked AS (
      UPDATE api_tokens SET revoked_at = (now() AT TIME ZONE 'UTC')
      WHERE org_id = ${p.org} AND id IN (SELECT id FROM descendants) AND revoked_at IS NULL
      RETURNING id, name
    )
    SELECT id, name FROM revoked ORDER BY id`, tx);
}
