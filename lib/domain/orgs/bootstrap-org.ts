import { hashPassword, verifyPassword } from "../../auth/password";
import { db } from "../../db/client";
import { AppError } from "../../errors";
import { newId } from "../../ids";
import { issueUserToken } from "../auth/issue-user-token";
import { foundOrg } from "./found-org";

export interface BootstrapResult {
  org_id: string;
  user_id: string;
  token: string;
}

/**
 * Creates an organization with its first admin (self-host bootstrap; no HTTP route reaches it, no
 * caller: no RequestContext). A new admin account counts as verified: the operator vouches for it.
 */
export async function bootstrapOrg(input: { org: string; email: string; password: string }): Promise<BootstrapResult> {
  const existingUser = await db().user.findUnique({ where: { email: input.email } });
  if (existingUser && !(await verifyPassword(existingUser.passwordHash, input.password))) {
    throw new AppError("conflict", `A user with email ${input.email} exists and the password does not match`);
  }
  const passwordHash = existingUser ? null : await hashPassword(input.password);
  const userId = existingUser?.id ?? newId("usr");
  const { orgId, after: token } = await foundOrg({
    name: input.org,
    adminUserId: userId,
    actor: { type: "system", id: null },
    event: "org.bootstrapped",
    before: async (tx) => {
      if (!existingUser) await tx.user.create({ data: { id: userId, email: input.email, passwordHash, emailVerifiedAt: new Date() } });
    },
    after: (tx, orgId) => issueUserToken(tx, orgId, userId, "bootstrap"),
  });
  return { org_id: orgId, user_id: userId, token: token!.token };
}
