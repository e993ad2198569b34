import { hashPassword } from "../../auth/password";
import { hashToken } from "../../auth/secret-token";
import { db } from "../../db/client";
import { AppError } from "../../errors";
import { newId, randomBase62 } from "../../ids";
import { deliverAccountMails, queueAccountMail } from "../../mail/outbox";
import { passwordResetMail } from "../../mail/templates";
import { appendUserAuditEvents } from "../audit/append-user-audit-events";

// Password reset (API.md). The request answers 202 whatever the email, so it tells nobody which
// emails have accounts; the link's token is single-use, valid RESET_MINUTES, and only its SHA-256
// is stored. Confirming sets the password, ends every session made before it (the session's
// auth_at claim, lib/auth/session.ts) and revokes every personal access token of the person, in
// every organization, in one transaction; an unverified email counts as verified from then on.

export const RESET_MINUTES = 60;
const PREFIX = "tg_pwr_";

/**
 * POST /auth/password-reset: the caller is answered before anything is looked up, and the lookup,
 * the token and the mail happen after (a failure is logged), so neither the answer nor its timing
 * says whether the email has an account.
 */
export function requestPasswordReset(email: string, origin: string): void {
  setImmediate(() => {
    startReset(email, origin).catch((error) => console.error("[password-reset] request failed:", (error as Error).message));
  });
}

/** The reset itself: exported so tests can await it (the route does not). */
export async function startReset(email: string, origin: string): Promise<void> {
  const user = await db().user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true, email: true } });
  if (!user) return;
  const token = PREFIX + randomBase62(43);
  const link = `${origin}/reset-password#${token}`;
  await db().$transaction(async (tx) => {
    await tx.passwordReset.create({ data: { id: newId("pwr"), userId: user.id, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + RESET_MINUTES * 60_000) } });
    await queueAccountMail(tx, "password_reset", passwordResetMail(user.email, link, RESET_MINUTES));
  });
  await deliverAccountMails();
}

/** POST /auth/password-reset/confirm. A used, expired or unknown token is 410 reset_token_invalid, and nothing changes. */
export async function confirmPasswordReset(token: string, password: string): Promise<{ user_id: string; reset: true }> {
  const passwordHash = await hashPassword(password);
  return db().$transaction(async (tx) => {
    const [used] = await tx.$queryRaw<{ user_id: string }[]>`
      UPDATE password_resets SET used_at = now()
      WHERE token_hash = ${hashToken(token)} AND used_at IS NULL AND expires_at > now()
      RETURNING user_id`;
    if (!used) throw new AppError("reset_token_invalid", "This reset link was used already, has expired, or is not one we sent");
    const now = new Date();
    await tx.user.update({ where: { id: used.user_id }, data: { passwordHash, sessionsValidAfter: now } });
    // The link came to this address, and the password is now the owner's: an account someone else
    // signed up with this email, never verified, becomes the owner's (sign-up.ts).
    await tx.user.updateMany({ where: { id: used.user_id, emailVerifiedAt: null }, data: { emailVerifiedAt: now } });
    // Every other reset link of this person dies with this one.
    await tx.$executeRaw`UPDATE password_resets SET used_at = now() WHERE user_id = ${used.user_id} AND used_at IS NULL`;
    // Raw SQL: the person's tokens span their organizations.
    const revoked = await tx.$executeRaw`UPDATE api_tokens SET revoked_at = now() WHERE user_id = ${used.user_id} AND revoked_at IS NULL`;
    await appendUserAuditEvents(tx, used.user_id, {
      actor: { type: "user", id: used.user_id },
      type: "user.password_reset",
      subject: { type: "user", id: used.user_id },
      data: { tokens_revoked: revoked, sessions_ended_before: now.toISOString() },
    });
    return { user_id: used.user_id, reset: true as const };
  });
}
