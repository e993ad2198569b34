import type { UserPrincipal } from "../../auth/principal";
import { type OrgTx, inOrgTx } from "../../db/scoped";
import { AppError, notFound } from "../../errors";
import type { Role } from "../../roles";
import { appendAuditEvent } from "../audit/append-audit-event";

/** PATCH /members/{id}: changes a member's role; the last admin cannot step down. */
export async function updateMemberRole(auth: UserPrincipal, userId: string, role: Role) {
  return inOrgTx(auth.orgId, async (tx) => {
    const membership = await lockMembership(tx, auth.orgId, userId);
    if (membership.role === "admin" && role !== "admin") await assertAnotherAdmin(tx, auth.orgId);
    await tx.membership.update({ where: { id: membership.id }, data: { role } });
    await appendAuditEvent(tx, auth.orgId, {
      actor: { type: "user", id: auth.userId },
      type: "member.role_changed",
      subject: { type: "user", id: userId },
      data: { from: membership.role, to: role },
    });
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId } });
    return { user_id: userId, email: user.email, role };
  });
}

/** DELETE /members/{id}: removes the membership and revokes the member's tokens for this org at once. */
export async function removeMember(auth: UserPrincipal, userId: string) {
  return inOrgTx(auth.orgId, async (tx) => {
    const membership = await lockMembership(tx, auth.orgId, userId);
    if (membership.role === "admin") await assertAnotherAdmin(tx, auth.orgId);
    await tx.membership.delete({ where: { id: membership.id } });
    await tx.apiToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
    await appendAuditEvent(tx, auth.orgId, {
      actor: { type: "user", id: auth.userId },
      type: "member.removed",
      subject: { type: "user", id: userId },
      data: { role: membership.role },
    });
    return { user_id: userId, removed: true };
  });
}

async function lockMembership(tx: OrgTx, orgId: string, userId: string) {
  // Admin changes serialize on the org's admin rows so two concurrent demotions cannot leave zero admins.
  await tx.$queryRaw`SELECT id FROM memberships WHERE org_id = ${orgId} AND role = 'admin' FOR UPDATE`;
  const membership = await tx.membership.findFirst({ where: { userId } });
  if (!membership) throw notFound("Member");
  return membership;
}

async function assertAnotherAdmin(tx: OrgTx, orgId: string) {
  const admins = await tx.membership.count({ where: { role: "admin" } });
  if (admins <= 1) throw new AppError("conflict", `The organization ${orgId} must keep at least one admin`);
}
