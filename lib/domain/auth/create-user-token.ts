import { db } from "../../db/client";
import { inOrgTx } from "../../db/scoped";
import { AppError } from "../../errors";
import { appendAuditEvent } from "../audit/append-audit-event";
import { issueUserToken } from "./issue-user-token";
import { verifyLogin } from "./verify-login";

const invalid = () => new AppError("invalid_credentials", "Email or password is incorrect");

/**
 * POST /auth/token: password login for a member of an organization (the given one, else their
 * first), from the client `address` (for the brute-force brake). No caller yet, so no RequestContext.
 */
export async function createUserToken(input: { email: string; password: string; org_id?: string; name?: string }, address: string) {
  const user = await verifyLogin(input.email, input.password, address);
  if (!user) throw invalid();
  const membership = await db().membership.findFirst({
    where: { userId: user.id, ...(input.org_id ? { orgId: input.org_id } : {}) },
    orderBy: { createdAt: "asc" },
  });
  if (!membership) throw invalid();
  return inOrgTx(membership.orgId, async (tx) => {
    const issued = await issueUserToken(tx, membership.orgId, user.id, input.name ?? "api");
    await appendAuditEvent(tx, membership.orgId, {
      actor: { type: "user", id: user.id },
      type: "token.created",
      subject: { type: "api_token", id: issued.id },
      data: { name: input.name ?? "api" },
    });
    return {
      token: issued.token,
      user_id: user.id,
      org_id: membership.orgId,
      role: membership.role,
      expires_at: issued.expiresAt.toISOString(),
    };
  });
}
