import { credentialOrg } from "../../auth/credential-hashes";
import { hashPassword } from "../../auth/password";
import { hashToken } from "../../auth/secret-token";
import { db } from "../../db/client";
import { lockKey } from "../../db/locks";
import { inOrgTx, orgDb, rowKey } from "../../db/scoped";
import { orgSql } from "../../db/sql";
import { AppError, validationFailed } from "../../errors";
import { newId } from "../../ids";
import type { Role } from "../../roles";
import { appendAuditEvent } from "../audit/append-audit-event";
import { isPendingInvitation } from "./serialize-invitation";

const invalid = () =>
  new AppError("invitation_invalid", "This invitation link has already been used, was revoked or has expired; ask an admin of the organization for a new one");

/**
 * POST /invitations/accept. The token names the invitation (looked up by its SHA-256, the only
 * form stored). Then, for the invited email:
 * - no account yet: `password` creates it (required);
 * - an account exists: `callerUserId` (a signed-in session or a tg_user_ token) must be that
 *   account, else 403 sign_in_required. A password is never set on or changed for it, so an
 *   invitation can never hand anyone an account they could not already sign in to.
 * Single use: the invitation is claimed by one conditional UPDATE, so of concurrent accepts one
 * wins and the others find it used (410). Used, revoked or expired: 410 invitation_invalid.
 * No RequestContext: the caller may have no account yet, and the org is known only from the token.
 */
export async function acceptInvitation(input: { token: string; password?: string }, callerUserId: string | null) {
  // Unscoped by design: the org is not known until the token is.
  const tokenHash = hashToken(input.token);
  const orgId = await credentialOrg("invitation", tokenHash);
  const invitation = orgId ? await orgDb(orgId).invitation.findFirst({ where: { tokenHash } }) : null;
  if (!invitation || !isPendingInvitation(invitation)) throw invalid();
  const existing = await db().user.findFirst(accountByEmail(invitation.email));
  if (!existing) checkCaller(null, callerUserId, input.password); // an account is checked after the claim: a link used meanwhile is 410
  // Hashed before the transaction (argon2 takes a while); only ever used for a new account.
  const passwordHash = !existing && input.password ? await hashPassword(input.password) : null;

  return inOrgTx(invitation.orgId, async (tx) => {
    // Claim first: a second accept of this invitation waits on the row here and then finds it taken.
    const claimed = await orgSql(invitation.orgId)((p) => `
      UPDATE invitations SET accepted_at = (now() AT TIME ZONE 'UTC')
      WHERE id = ${p.add(invitation.id)} AND org_id = ${p.org}
        AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > (now() AT TIME ZONE 'UTC')
      RETURNING id`, tx);
    if (claimed.length === 0) throw invalid();
    // Users are global: accepts of two orgs' invitations for one new email take turns, and the
    // second sees the first's account (and then needs its owner signed in, like any other).
    await lockKey(tx, `user-email:${invitation.email}`);
    const account = await tx.user.findFirst(accountByEmail(invitation.email));
    checkCaller(account, callerUserId, input.password);
    const userId = account?.id ?? newId("usr");
    if (!account) {
      const hash = passwordHash ?? (await hashPassword(input.password!));
      // The invitation went to this email and its link was followed: the email counts as verified.
      await tx.user.create({ data: { id: userId, email: invitation.email, passwordHash: hash, emailVerifiedAt: new Date() } });
    } else if (await tx.membership.findFirst({ where: { userId } })) {
      throw new AppError("conflict", "You are already a member of this organization");
    }
    await tx.invitation.update({ where: rowKey(invitation.orgId, invitation.id), data: { acceptedById: userId } });
    await tx.membership.create({ data: { id: newId("mem"), orgId: invitation.orgId, userId, role: invitation.role } });
    await appendAuditEvent(tx, invitation.orgId, {
      actor: { type: "user", id: userId },
      type: "invitation.accepted",
      subject: { type: "user", id: userId },
      data: { invitation_id: invitation.id, email: invitation.email, role: invitation.role },
    });
    return { user_id: userId, org_id: invitation.orgId, role: invitation.role as Role, email: invitation.email };
  });
}

/** The account of an email, compared case-insensitively (users are global, so no org scope applies). */
const accountByEmail = (email: string) => ({ where: { email: { equals: email, mode: "insensitive" as const } }, select: { id: true } });

function checkCaller(account: { id: string } | null, callerUserId: string | null, password: string | undefined): void {
  if (account) {
    if (account.id === callerUserId) return;
    throw new AppError(
      "sign_in_required",
      callerUserId
        ? "This invitation is for another account: sign in as the invited email address, then accept it"
        : "The invited email address already has an account: sign in as it, then accept the invitation",
    );
  }
  if (!password) throw validationFailed([{ path: ["password"], message: "Choose a password (at least 8 characters) to create your account" }]);
}
