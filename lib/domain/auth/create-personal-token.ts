import type { UserPrincipal } from "../../auth/principal";
import { inOrgTx } from "../../db/scoped";
import type { TCreatePersonalToken } from "../../schemas/tokens";
import { appendAuditEvent } from "../audit/append-audit-event";
import { issueUserToken } from "./issue-user-token";
import { serializePersonalToken } from "./serialize-personal-token";

/**
 * POST /tokens: a new personal access token for the caller in this org, shown this once. A token
 * minted with another token cannot outlive it, so a leaked token cannot extend its own life.
 */
export async function createPersonalToken(auth: UserPrincipal, input: TCreatePersonalToken) {
  return inOrgTx(auth.orgId, async (tx) => {
    let expiresAt = new Date(Date.now() + input.expires_in_days * 86_400_000);
    if (auth.via === "token" && auth.tokenId) {
      const parent = await tx.apiToken.findFirst({ where: { id: auth.tokenId, userId: auth.userId }, select: { expiresAt: true } });
      if (parent?.expiresAt && parent.expiresAt < expiresAt) expiresAt = parent.expiresAt;
    }
    const issued = await issueUserToken(tx, auth.orgId, auth.userId, input.name, expiresAt);
    await appendAuditEvent(tx, auth.orgId, {
      actor: { type: "user", id: auth.userId },
      type: "token.created",
      subject: { type: "api_token", id: issued.id },
      data: { name: input.name, expires_at: expiresAt.toISOString() },
    });
    return { ...serializePersonalToken(issued.row, auth.tokenId), token: issued.token };
  });
}
