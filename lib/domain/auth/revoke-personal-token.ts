import type { UserPrincipal } from "../../auth/principal";
import { inOrgTx } from "../../db/scoped";
import { notFound } from "../../errors";
import { appendAuditEvent } from "../audit/append-audit-event";
import { serializePersonalToken } from "./serialize-personal-token";

/**
 * DELETE /tokens/{id}: revokes one of the caller's own tokens at once. Another member's token, or
 * one of another org, answers exactly like a token that does not exist. Revoking twice is a no-op.
 */
export async function revokePersonalToken(auth: UserPrincipal, tokenId: string) {
  return inOrgTx(auth.orgId, async (tx) => {
    const token = await tx.apiToken.findFirst({ where: { id: tokenId, userId: auth.userId } });
    if (!token) throw notFound("Token");
    if (token.revokedAt) return serializePersonalToken(token, auth.tokenId);
    // Conditional on still being live, so two concurrent revocations audit once.
    const { count } = await tx.apiToken.updateMany({ where: { id: tokenId, userId: auth.userId, revokedAt: null }, data: { revokedAt: new Date() } });
    const revoked = await tx.apiToken.findFirstOrThrow({ where: { id: tokenId, userId: auth.userId } });
    if (count === 1) {
      await appendAuditEvent(tx, auth.orgId, {
        actor: { type: "user", id: auth.userId },
        type: "token.revoked",
        subject: { type: "api_token", id: tokenId },
        data: { name: token.name },
      });
    }
    return serializePersonalToken(revoked, auth.tokenId);
  });
}
