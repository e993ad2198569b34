import type { Role } from "../../roles";

export function serializeInvitation(row: { id: string; email: string; role: Role; invitedById: string; createdAt: Date; expiresAt: Date }) {
  return {
    invitation_id: row.id,
    email: row.email,
    role: row.role,
    invited_by: row.invitedById,
    created_at: row.createdAt.toISOString(),
    expires_at: row.expiresAt.toISOString(),
  };
}

/** Not accepted, not revoked, not expired: the only state in which the link works. */
export function isPendingInvitation(row: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now = new Date()): boolean {
  return row.acceptedAt === null && row.revokedAt === null && row.expiresAt > now;
}
