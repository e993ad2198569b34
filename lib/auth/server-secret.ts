import { createHmac } from "node:crypto";
import { setting } from "../config.mjs";

/**
 * The server's own secret (TOLLGATE_SECRET, shared by every instance). Execution tokens are
 * derived from it, so the database holds only their hashes and a database dump alone cannot
 * execute anything, yet an approved intent can still show its token to the agent waiting on it.
 * Unset or shorter than 32 characters, it throws (lib/config.mjs).
 */
export function deriveSecret(purpose: string, id: string): Buffer {
  return createHmac("sha256", setting("TOLLGATE_SECRET")).update(`${purpose}:${id}`).digest();
}
