import { hashPassword } from "../../auth/password";
import type { UserPrincipal } from "../../auth/principal";
import { lockKey } from "../../db/locks";
import { inOrgTx } from "../../db/scoped";
import { AppError } from "../../errors";
import { newId } from "../../ids";
import type { Role } from "../../roles";
import { appendAuditEvent } from "../audit/append-audit-event";

/** Adds a person to the caller's org: an existing user gets a membership, a new one an account. */
export async function addMember(auth: UserPrincipal, input: { email: string; role: Role; password?: string; name?: string }) {
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return inOrgTx(auth.orgId, async (tx) => {
    // Users are global: two adds of one new email (in this org or another) would both try to
    // create the user, and the loser would hit the unique index as a 500. Taking turns per email,
    // the second sees the first's user (and, in this org, its membership: 409).
    await lockKey(tx, `user-email:${input.email}`);
    const existing = await tx.user.findUnique({ where: { email: input.email } });
    const userId = existing?.id ?? newId("usr");
    if (!existing) {
      await tx.user.create({ data: { id: userId, email: input.email, name: input.name ?? null, passwordHash } });
    } else if (await tx.membership.findFirst({ where: { userId } })) {
      throw new AppError("conflict", `${input.email} is already a member`);
    }
    await tx.membership.create({ data: { id: newId("mem"), orgId: auth.orgId, userId, role: input.role } });
    await appendAuditEvent(tx, auth.orgId, {
      actor: { type: "user", id: auth.userId },
      type: "member.added",
      subject: { type: "user", id: userId },
      data: { email: input.email, role: input.role },
    });
    return { user_id: userId, email: input.email, role: input.role };
  });
}
