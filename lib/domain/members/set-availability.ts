import { utc } from "../../db/sql";
import { notFound } from "../../errors";
import { appendAuditEvent } from "../audit/append-audit-event";
import type { UserContext } from "../request-context";

/**
 * PUT /me/availability: until `awayUntil` assignment skips the caller in this organization. Items
 * already assigned to them move on at the next sweep (assign-reviewers.ts). Being away changes
 * nothing about what they may resolve.
 */
export async function setAvailability(ctx: UserContext, awayUntil: string | null) {
  const until = awayUntil === null ? null : new Date(awayUntil);
  return ctx.tx(async (tx) => {
    const rows = await ctx.sql<{ user_id: string }>(
      (p) => `UPDATE memberships SET away_until = ${p.add(utc(until), "timestamp(3)")} WHERE org_id = ${p.org} AND user_id = ${p.add(ctx.principal.userId)} RETURNING user_id`,
      tx,
    );
    if (rows.length === 0) throw notFound("Membership");
    await appendAuditEvent(tx, ctx.orgId, {
      actor: ctx.actor,
      type: "member.availability_changed",
      subject: { type: "user", id: ctx.principal.userId },
      data: { away_until: until?.toISOString() ?? null },
    });
    return { user_id: ctx.principal.userId, away_until: until?.toISOString() ?? null };
  });
}
