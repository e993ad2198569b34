import { createHash } from "node:crypto";
import { RateLimited, consume, exhausted } from "../../http/rate-limit";
import { loginFailuresPerAddress, loginFailuresPerEmail } from "../../http/rate-limits";

// Counter keys hold a hash of the email, not the email itself.
const subjects = (email: string, address: string) => {
  const who = createHash("sha256").update(email.trim().toLowerCase()).digest("hex").slice(0, 32);
  return { perAddress: `${who}|${address}`, perEmail: who };
};

/**
 * Refuses a password login (429 with Retry-After) while its email has failed too often from this
 * address, or from anywhere; checked before the password is, so guessing is slowed to a crawl.
 */
export async function assertLoginAllowed(email: string, address: string): Promise<void> {
  const { perAddress, perEmail } = subjects(email, address);
  for (const [limit, subject] of [[loginFailuresPerAddress(), perAddress], [loginFailuresPerEmail(), perEmail]] as const) {
    const retryAfter = await exhausted(limit, subject);
    if (retryAfter !== null) throw new RateLimited(limit, retryAfter);
  }
}

/** Counts a failed password login against both brakes. */
export async function recordLoginFailure(email: string, address: string): Promise<void> {
  const { perAddress, perEmail } = subjects(email, address);
  for (const [limit, subject] of [[loginFailuresPerAddress(), perAddress], [loginFailuresPerEmail(), perEmail]] as const) {
    await consume(limit, subject).catch((error) => {
      if (!(error instanceof RateLimited)) throw error;
    });
  }
}
