import { createHmac } from "node:crypto";

/**
 * The server's own secret (TOLLGATE_SECRET, shared by every instance). Execution tokens are
 * derived from it, so the database holds only their hashes and a database dump alone cannot
 * execute anything, yet an approved intent can still show its token to the agent waiting on it.
 */
function serverSecret(): string {
  const secret = process.env.TOLLGATE_SECRET;
  if (!secret || secret.length < 32) {
    throw new Error("TOLLGATE_SECRET must be set to at least 32 characters (see README, Configuration)");
  }
  return secret;
}

export function deriveSecret(purpose: string, id: string): Buffer {
  return createHmac("sha256", serverSecret()).update(`${purpose}:${id}`).digest();
}
