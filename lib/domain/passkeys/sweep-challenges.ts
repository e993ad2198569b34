import { pgPool } from "../../db/client";

/** Expired challenges are deleted this many at a time (a flood of sign-in options is swept over several passes). */
const BATCH = 5000;

/**
 * Deletes WebAuthn challenges a minute past their expiry (until then, a late answer is told
 * "expired" rather than "unknown"). Every challenge is single-use and lives 5 minutes, but one
 * never answered (public sign-in options nobody completes, an abandoned step-up) would otherwise
 * stay forever. Safe on any number of instances at once. Returns how many went.
 */
export async function sweepChallenges(): Promise<number> {
  const { rowCount } = await pgPool().query(
    `DELETE FROM webauthn_challenges WHERE id IN (
       SELECT id FROM webauthn_challenges WHERE expires_at < (now() AT TIME ZONE 'UTC') - interval '1 minute' LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)`,
  );
  return rowCount ?? 0;
}
