import { verifyPassword } from "../../auth/password";
import { db } from "../../db/client";
import { assertLoginAllowed, recordLoginFailure } from "./login-attempts";

/**
 * Email + password → the user, or null; for the token endpoint and the dashboard's sign-in alike.
 * Throws RateLimited (429) while the brute-force brake holds, without looking at the password.
 * verifyPassword runs even for an unknown email, so both failures take the same time.
 */
export async function verifyLogin(email: string, password: string, address: string) {
  const normalized = email.trim().toLowerCase();
  await assertLoginAllowed(normalized, address);
  const user = normalized ? await db().user.findUnique({ where: { email: normalized } }) : null;
  const ok = await verifyPassword(user?.passwordHash ?? null, password);
  if (user && ok) return user;
  await recordLoginFailure(normalized, address);
  return null;
}
