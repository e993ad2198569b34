import { verifyPassword } from "../../auth/password";
import { db } from "../../db/client";
import { AppError } from "../../errors";
import { beginLoginAttempt, recordLoginFailure, recordLoginSuccess } from "./login-attempts";

/**
 * Email + password → the user, or null; for the token endpoint, the dashboard's sign-in and the
 * password confirmation before a first passkey alike. Throws RateLimited (429) while the
 * brute-force brake holds (login-attempts.ts), without looking at the password.
 * verifyPassword runs even for an unknown email, so both failures take the same time. The right
 * password of an account whose email is not verified yet (sign-up) is 403 email_unverified: it
 * says so only to someone who knows the password.
 */
export async function verifyLogin(email: string, password: string, address: string) {
  const normalized = email.trim().toLowerCase();
  await beginLoginAttempt(normalized, address);
  const user = normalized ? await db().user.findUnique({ where: { email: normalized } }) : null;
  const ok = await verifyPassword(user?.passwordHash ?? null, password);
  if (user && ok) {
    await recordLoginSuccess(normalized, address);
    if (!user.emailVerifiedAt) throw new AppError("email_unverified", "Verify your email address first: follow the link we mailed you when you signed up");
    return user;
  }
  await recordLoginFailure(address);
  return null;
}
