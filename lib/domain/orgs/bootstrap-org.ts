import { hashPassword, verifyPassword } from "../../auth/password";
import { db } from "../../db/client";
import { inOrgTx } from "../../db/scoped";
import { AppError } from "../../errors";
import { newId } from "../../ids";
import { appendAuditEvent } from "../audit/append-audit-event";
import { issueUserToken } from "../auth/issue-user-token";

export interface BootstrapResult {
  org_id: string;
  user_id: string;
  token: string;
}

/** Creates an organization with its first admin (self-host bootstrap; no HTTP route reaches it, no caller: no RequestContext). */
export async function bootstrapOrg(input: { org: string; email: string; password: string }): Promise<BootstrapResult> {
  const existingOrg = await db().organization.findUnique({ where: { name: input.org } });
  if (existingOrg) throw new AppError("conflict", `Organization "${input.org}" already exists; nothing was changed`);
  const existingUser = await db().user.findUnique({ where: { email: input.email } });
  if (existingUser && !(await verifyPassword(existingUser.passwordHash, input.password))) {
    throw new AppError("conflict", `A user with email ${input.email} exists and the password does not match`);
  }
  const passwordHash = existingUser ? null : await hashPassword(input.password);
  const orgId = newId("org");
  const userId = existingUser?.id ?? newId("usr");
  try {
    return await inOrgTx(orgId, async (tx) => {
      await tx.organization.create({ data: { id: orgId, name: input.org } });
      if (!existingUser) await tx.user.create({ data: { id: userId, email: input.email, passwordHash } });
      await tx.membership.create({ data: { id: newId("mem"), orgId, userId, role: "admin" } });
      const token = await issueUserToken(tx, orgId, userId, "bootstrap");
      await appendAuditEvent(tx, orgId, {
        actor: { type: "system", id: null },
        type: "org.bootstrapped",
        subject: { type: "organization", id: orgId },
        data: { name: input.org, admin_user_id: userId },
      });
      return { org_id: orgId, user_id: userId, token: token.token };
    });
  } catch (error) {
    // Two bootstraps racing for the same name: the unique index decides, the loser changes nothing.
    if ((error as { code?: string }).code === "P2002") {
      throw new AppError("conflict", `Organization "${input.org}" already exists; nothing was changed`);
    }
    throw error;
  }
}
