import { hashPassword } from "../../auth/password";
import { hashToken } from "../../auth/secret-token";
import { setting } from "../../config.mjs";
import { db } from "../../db/client";
import { lockKey } from "../../db/locks";
import { AppError } from "../../errors";
import { newId, randomBase62 } from "../../ids";
import { deliverAccountMails, queueAccountMail } from "../../mail/outbox";
import { existingAccountMail, verificationMail } from "../../mail/templates";

// Self-serve sign-up (ALLOW_SIGNUP). Like a password reset request, it answers 202 whatever the
// email, so it tells nobody which emails have accounts: a new email gets an account that cannot
// sign in until the mailed link verifies it (verify-email.ts); an email with an account gets a
// mail saying so, and nothing about that account changes.

export const VERIFY_HOURS = 24;
const PREFIX = "tg_vfy_";

export interface SignupInput {
  email: string;
  password: string;
  name?: string;
}

/** ALLOW_SIGNUP=0: no sign-up, and no organization made from the dashboard (create-org.ts). */
export const signupDisabled = () =>
  new AppError("signup_disabled", "Sign-up and new organizations are turned off on this installation; ask an admin of an organization for an invitation");

/**
 * POST /auth/signup: refused at once when sign-up is off; otherwise the caller is answered before
 * anything is looked up, and the account, the token and the mail happen after (a failure is
 * logged), so neither the answer nor its timing says whether the email has an account.
 */
export function requestSignup(input: SignupInput, origin: string): void {
  if (!setting("ALLOW_SIGNUP")) throw signupDisabled();
  setImmediate(() => {
    startSignup(input, origin).catch((error) => console.error("[signup] request failed:", (error as Error).message));
  });
}

/** The sign-up itself: exported so tests can await it (the route does not). */
export async function startSignup(input: SignupInput, origin: string): Promise<void> {
  const email = input.email.trim().toLowerCase();
  // Hashed before the transaction (argon2 takes a while), even when the account turns out to exist.
  const passwordHash = await hashPassword(input.password);
  const token = PREFIX + randomBase62(43);
  await db().$transaction(async (tx) => {
    // Users are global: a sign-up and an invitation accepted for one new email take turns (accept-invitation.ts takes the same lock).
    await lockKey(tx, `user-email:${email}`);
    const existing = await tx.user.findFirst({ where: { email: { equals: email, mode: "insensitive" } }, select: { email: true } });
    if (existing) {
      await queueAccountMail(tx, "existing_account", existingAccountMail(existing.email, `${origin}/login`));
      return;
    }
    const userId = newId("usr");
    await tx.user.create({ data: { id: userId, email, name: input.name ?? null, passwordHash } });
    await tx.emailVerification.create({ data: { id: newId("vfy"), userId, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + VERIFY_HOURS * 3_600_000) } });
    await queueAccountMail(tx, "email_verification", verificationMail(email, `${origin}/verify-email#${token}`, VERIFY_HOURS));
  });
  await deliverAccountMails();
}
