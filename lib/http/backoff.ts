import { pgPool } from "../db/client";
import { RateLimited } from "./rate-limit";

/**
 * Exponential backoff for one subject (an email from one address): `free` attempts in a row
 * come without waiting; after the k-th attempt (k ≥ free) the next must wait
 * baseSeconds × 2^(k − free), at most maxSeconds. Attempts are forgotten one per decaySeconds, and
 * all at once by clearAttempts (a success).
 */
export interface Backoff {
  /** Names the brake in counter keys and in the 429's details. */
  name: string;
  free: number;
  baseSeconds: number;
  maxSeconds: number;
  decaySeconds: number;
}

const NOW = "(clock_timestamp() AT TIME ZONE 'UTC')";
const keys = (backoff: Backoff, subject: string) => ({ count: `${backoff.name}:n:${subject}`, wait: `${backoff.name}:wait:${subject}` });

/**
 * Takes one attempt for `subject`, or throws RateLimited while it must wait. The attempt is
 * counted before the caller checks anything (a success then clears it), under a lock on the
 * subject's counter row, so concurrent attempts are admitted one at a time and each one sees the
 * wait the previous one set: firing a hundred guesses at the moment a wait ends gets one through.
 * Two rows in rate_limit_counters: the attempt count as a leaky bucket (`tat` = when it drains),
 * and the time before which the next attempt is refused.
 */
export async function takeAttempt(backoff: Backoff, subject: string): Promise<void> {
  const { count, wait } = keys(backoff, subject);
  const client = await pgPool().connect();
  let refusal: RateLimited | null = null;
  try {
    await client.query("BEGIN");
    // Creates or locks the count row; statements after it see every attempt committed before.
    await client.query({
      name: "tg_backoff_lock",
      text: `INSERT INTO rate_limit_counters AS c (key, tat, allowed) VALUES ($1, ${NOW}, true)
             ON CONFLICT (key) DO UPDATE SET allowed = c.allowed`,
      values: [count],
    });
    const { rows } = await client.query<{ wait: number | null }>({
      name: "tg_backoff_wait",
      text: `SELECT ceil(extract(epoch FROM tat - ${NOW}))::int AS wait FROM rate_limit_counters WHERE key = $1 AND tat > ${NOW}`,
      values: [wait],
    });
    const seconds = rows[0]?.wait;
    if (seconds) {
      refusal = new RateLimited({ name: backoff.name, max: backoff.free, windowSeconds: backoff.maxSeconds }, Math.max(1, seconds));
    } else {
      await client.query({
        name: "tg_backoff_take",
        text: `WITH t AS (SELECT ${NOW} AS now),
               c AS (UPDATE rate_limit_counters SET tat = greatest(tat, (SELECT now FROM t)) + make_interval(secs => $2::float8)
                     WHERE key = $1 RETURNING ceil(extract(epoch FROM tat - (SELECT now FROM t)) / $2::float8)::int AS attempts)
               INSERT INTO rate_limit_counters AS w (key, tat, allowed)
               SELECT $3, t.now + make_interval(secs => least($6::float8, $5::float8 * power(2, least(c.attempts - $4::int, 30)))), true
               FROM t, c WHERE c.attempts >= $4::int
               ON CONFLICT (key) DO UPDATE SET tat = excluded.tat`,
        values: [count, backoff.decaySeconds, wait, backoff.free, backoff.baseSeconds, backoff.maxSeconds],
      });
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
  if (refusal) throw refusal;
}

/** Forgets the subject's attempts (after a success). */
export async function clearAttempts(backoff: Backoff, subject: string): Promise<void> {
  const { count, wait } = keys(backoff, subject);
  await pgPool().query({ name: "tg_backoff_clear", text: "DELETE FROM rate_limit_counters WHERE key IN ($1, $2)", values: [count, wait] });
}
