import type { UserPrincipal } from "../../auth/principal";
import { inOrgTx } from "../../db/scoped";
import { AppError } from "../../errors";
import type { TCreatePersonalToken } from "../../schemas/tokens";
import { appendAuditEvent } from "../audit/append-audit-event";
import { issueUserToken } from "./issue-user-token";
import { serializePersonalToken } from "./serialize-personal-token";

/**
 * POST /tokens: a new personal access token for the caller in this org, shown this once. A token
 * minted with another token is its child: it cannot outlive it, and revoking the parent (or any
 * ancestor) revokes it, so a leaked token cannot mint itself a survivor.
 */
export async function createPersonalToken(auth: UserPrincipal, input: TCreatePersonalToken) {
  return inOrgTx(auth.orgId, async (tx) => {
    let expiresAt = new Date(Date.now() + input.expires_in_days * 86_400_000);
    let parentTokenId: string | null = null;
    if (auth.via === "token" && auth.tokenId) {
      // FOR SHARE: a revocation of the parent waits for this mint to commit, then sees the child
      // and revokes it too; a parent revoked since this request was authenticated mints nothing.
      await tx.$queryRaw`SELECT id FROM api_tokens WHERE id = ${auth.tokenId} AND org_id = ${auth.orgId} FOR SHARE`;
      const parent = await tx.apiToken.findFirst({ where: { id: auth.tokenId, userId: auth.userId }, select: { expiresAt: true, revokedAt: true } });
      if (!parent || parent.revokedAt) throw new AppError("unauthorized", "Missing or invalid bearer token");
      if (parent.expiresAt && parent.expiresAt < expiresAt) expiresAt = parent.expiresAt;
      parentTokenId = auth.tokenId;
    }
    const issued = await issueUserToken(tx, auth.orgId, auth.userId, input.name, expiresAt, parentTokenId);
    await appendAuditEvent(tx, auth.orgId, {
      actor: { type: "user", id: auth.userId },
      type: "token.created",
      subject: { type: "api_token", id: issued.id },
      data: { name: input.name, expires_at: expiresAt.toISOString(), ...(parentTokenId ? { parent_token_id: parentTokenId } : {}) },
    });
    return { ...serializePersonalToken(issued.row, auth.tokenId), token: issued.token };
  });
}
