import { hashToken } from "../../auth/secret-token";
import { db } from "../../db/client";
import { AppError } from "../../errors";
import { appendUserAuditEvents } from "../audit/append-user-audit-events";

const invalid = () => new AppError("verification_invalid", "This verification link was used already, has expired, or is not one we sent; sign up again for a new one");

/**
 * POST /auth/verify-email: the link's token (single-use, looked up by its SHA-256, the only form
 * stored) marks its own account verified, and no other; every other link of the account dies
 * with it. A used, expired or unknown token is 410 verification_invalid, and nothing changes.
 */
export async function verifyEmail(token: string): Promise<{ user_id: string; verified: true }> {
  return db().$transaction(async (tx) => {
    const link = await tx.emailVerification.findUnique({ where: { tokenHash: hashToken(token) }, select: { id: true, userId: true } });
    if (!link) throw invalid();
    const now = new Date();
    // Conditional claim: of two concurrent uses, the second waits on the row and then finds it used.
    const claimed = await tx.emailVerification.updateMany({ where: { id: link.id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    if (claimed.count === 0) throw invalid();
    await tx.user.updateMany({ where: { id: link.userId, emailVerifiedAt: null }, data: { emailVerifiedAt: now } });
    await tx.emailVerification.updateMany({ where: { userId: link.userId, usedAt: null }, data: { usedAt: now } });
    // Told to every organization of the person: none yet for a fresh sign-up (which cannot join one
    // before this), so then nothing is recorded beyond the rows above.
    await appendUserAuditEvents(tx, link.userId, {
      actor: { type: "user", id: link.userId },
      type: "user.email_verified",
      subject: { type: "user", id: link.userId },
    });
    return { user_id: link.userId, verified: true as const };
  });
}
