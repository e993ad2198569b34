import { type OrgTx, rowKey } from "../../db/scoped";
import { AppError, notFound } from "../../errors";
import type { Role } from "../../roles";
import { appendAuditEvent } from "../audit/append-audit-event";
import type { UserContext } from "../request-context";

/** PATCH /members/{id}: changes a member's role; the last admin cannot step down. */
export async function updateMemberRole(ctx: UserContext, userId: string, role: Role) {
  return ctx.tx(async (tx) => {
    const membership = await lockMembership(ctx, tx, userId);
    if (membership.role === "admin" && role !== "admin") await assertAnotherAdmin(tx, ctx.orgId);
    await tx.membership.update({ where: rowKey(ctx.orgId, membership.id), data: { role } });
    await appendAuditEvent(tx, ctx.orgId, {
      actor: ctx.actor,
      type: "member.role_changed",
      subject: { type: "user", id: userId },
      data: { from: membership.role, to: role },
    });
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId } });
    return { user_id: userId, email: user.email, role };
  });
}

/** DELETE /members/{id}: removes the membership and revokes the member's tokens for this org at once. */
export async function removeMember(ctx: UserContext, userId: string) {
  return ctx.tx(async (tx) => {
    const membership = await lockMembership(ctx, tx, userId);
    if (membership.role === "admin") await assertAnotherAdmin(tx, ctx.orgId);
    await tx.membership.delete({ where: rowKey(ctx.orgId, membership.id) });
    await tx.apiToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
    await appendAuditEvent(tx, ctx.orgId, {
      actor: ctx.actor,
      type: "member.removed",
      subject: { type: "user", id: userId },
      data: { role: membership.role },
    });
    return { user_id: userId, removed: true as const };
  });
}

async function lockMembership(ctx: UserContext, tx: OrgTx, userId: string) {
  // Admin changes serialize on the org's admin rows so two concurrent demotions cannot leave zero admins.
  await ctx.sql((p) => `SELECT id FROM memberships WHERE org_id = ${p.org} AND role = 'admin' FOR UPDATE`, tx);
  const membership = await tx.membership.findFirst({ where: { userId } });
  if (!membership) throw notFound("Member");
  return membership;
}

async function assertAnotherAdmin(tx: OrgTx, orgId: string) {
  const admins = await tx.membership.count({ where: { role: "admin" } });
  if (admins <= 1) throw new AppError("conflict", `The organization ${orgId} must keep at least one admin`);
}
