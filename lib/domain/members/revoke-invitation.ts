import { notFound } from "../../errors";
import { appendAuditEvent } from "../audit/append-audit-event";
import type { UserContext } from "../request-context";

/**
 * DELETE /invitations/{id}: the link stops working at once. Only an invitation not yet accepted
 * or revoked can be revoked; anything else (another org's id too) is 404.
 */
export async function revokeInvitation(ctx: UserContext, invitationId: string) {
  return ctx.tx(async (tx) => {
    // One conditional UPDATE: an accept racing it either committed first (nothing to revoke) or finds it revoked.
    const rows = await ctx.sql<{ email: string; role: string }>((p) => `
      UPDATE invitations SET revoked_at = (now() AT TIME ZONE 'UTC')
      WHERE id = ${p.add(invitationId)} AND org_id = ${p.org} AND accepted_at IS NULL AND revoked_at IS NULL
      RETURNING email, role::text AS role`, tx);
    if (rows.length === 0) throw notFound("Invitation");
    await appendAuditEvent(tx, ctx.orgId, {
      actor: ctx.actor,
      type: "invitation.revoked",
      subject: { type: "invitation", id: invitationId },
      data: { email: rows[0].email, role: rows[0].role },
    });
    return { invitation_id: invitationId, revoked: true as const };
  });
}
