import { createHash } from "node:crypto";
import { clearAttempts, takeAttempt } from "../../http/backoff";
import { RateLimited, consume, exhausted } from "../../http/rate-limit";
import { loginBackoff, loginFailuresPerAddress } from "../../http/rate-limits";

// Counter keys hold a hash of the email, not the email itself.
const subject = (email: string, address: string) => `${createHash("sha256").update(email.trim().toLowerCase()).digest("hex").slice(0, 32)}|${address}`;

/**
 * The brute-force brake, before a password is checked (429 with Retry-After, without looking at
 * the password): refused while this address has failed too often over all emails (spraying), or
 * while this email must wait at this address (exponential backoff per email and address). Takes
 * the attempt, so concurrent guesses are admitted one at a time. Nothing here is keyed on the
 * email alone: failures from one address never lock the account's owner out somewhere else.
 */
export async function beginLoginAttempt(email: string, address: string): Promise<void> {
  const limit = loginFailuresPerAddress();
  const retryAfter = await exhausted(limit, address);
  if (retryAfter !== null) throw new RateLimited(limit, retryAfter);
  await takeAttempt(loginBackoff(), subject(email, address));
}

/** A correct password: this email's attempts from this address are forgotten. */
export async function recordLoginSuccess(email: string, address: string): Promise<void> {
  await clearAttempts(loginBackoff(), subject(email, address));
}

/** A wrong password (or unknown email): counted against the address (the attempt itself was counted when taken). */
export async function recordLoginFailure(address: string): Promise<void> {
  await consume(loginFailuresPerAddress(), address).catch((error) => {
    if (!(error instanceof RateLimited)) throw error;
  });
}
