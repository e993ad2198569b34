import type { UserPrincipal } from "../../auth/principal";
import { inOrgTx } from "../../db/scoped";
import { notFound } from "../../errors";
import { appendAuditEvent } from "../audit/append-audit-event";

/**
 * DELETE /invitations/{id}: the link stops working at once. Only an invitation not yet accepted
 * or revoked can be revoked; anything else (another org's id too) is 404.
 */
export async function revokeInvitation(auth: UserPrincipal, invitationId: string) {
  return inOrgTx(auth.orgId, async (tx) => {
    // One conditional UPDATE: an accept racing it either committed first (nothing to revoke) or finds it revoked.
    const rows = await tx.$queryRaw<{ email: string; role: string }[]>`
      UPDATE invitations SET revoked_at = (now() AT TIME ZONE 'UTC')
      WHERE id = ${invitationId} AND org_id = ${auth.orgId} AND accepted_at IS NULL AND revoked_at IS NULL
      RETURNING email, role::text AS role`;
    if (rows.length === 0) throw notFound("Invitation");
    await appendAuditEvent(tx, auth.orgId, {
      actor: { type: "user", id: auth.userId },
      type: "invitation.revoked",
      subject: { type: "invitation", id: invitationId },
      data: { email: rows[0].email, role: rows[0].role },
    });
    return { invitation_id: invitationId, revoked: true as const };
  });
}
