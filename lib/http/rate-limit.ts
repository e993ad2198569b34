import { pgPool } from "../db/client";
import { poolRunner } from "../db/sql";
import { AppError } from "../errors";

/** At most `max` requests per `windowSeconds` for one subject (an agent key, a user, an address…). */
export interface Limit {
  /** Names the limit in counter keys and in the 429's details. */
  name: string;
  max: number;
  windowSeconds: number;
}

/** A 429 that tells the caller when to come back (lib/http/error-response.ts sets Retry-After). */
export class RateLimited extends AppError {
  constructor(
    readonly limit: Limit,
    readonly retryAfterSeconds: number,
  ) {
    super("rate_limited", `Too many requests (${limit.name}: ${limit.max} per ${limit.windowSeconds} s); retry in ${retryAfterSeconds} s`, {
      limit: limit.name,
      max: limit.max,
      window_seconds: limit.windowSeconds,
      retry_after_seconds: retryAfterSeconds,
    });
  }
}

// The limiter is GCRA (the "generic cell rate algorithm"): each subject has a theoretical arrival
// time (tat) that every admitted request pushes one emission interval (window / max) further; a
// request is admitted while the pushed tat stays within one window of now. That allows a burst of
// `max` and then `max` per window, with no window edges where 2 × max could slip through.
const NOW = "(clock_timestamp() AT TIME ZONE 'UTC')";

/**
 * Counts one request against `limit` for `subject` and throws RateLimited past the limit. The
 * state is one row per (limit, subject) in PostgreSQL, so every app instance shares it and the
 * database clock is the only clock.
 */
export function consume(limit: Limit, subject: string): Promise<void> {
  return consumeInTurn([[limit, subject]]);
}

/**
 * Counts one request against each (limit, subject) in turn, as consecutive consume() calls would:
 * a limit is counted only when every one before it admitted the request, and the first refusal is
 * thrown. One prepared statement on the pg pool however many limits (a CTE per limit, each gated on
 * the one before): this runs on hot paths (propose), where each round trip and commit counts.
 */
export async function consumeInTurn(limits: readonly (readonly [Limit, string])[]): Promise<void> {
  const rows = await poolRunner<{ at: number; allowed: boolean; retry_after: number }>(
    consumeStatement(limits.length),
    limits.flatMap(([limit, subject]) => [`${limit.name}:${subject}`, limit.windowSeconds, limit.max]),
  );
  for (const row of rows.sort((a, b) => a.at - b.at)) {
    const limit = limits[row.at]?.[0];
    if (limit && !row.allowed) throw new RateLimited(limit, Math.max(1, row.retry_after));
  }
}

const statements = new Map<number, string>();
/** The GCRA step of `count` limits (key, window seconds, max as $1..$3, then $4..$6 …), each CTE run only when the one before admitted. */
function consumeStatement(count: number): string {
  let statement = statements.get(count);
  if (statement) return statement;
  const ctes = [`now AS (SELECT ${NOW} AS now)`];
  for (let i = 0; i < count; i++) {
    const [key, span, max] = [`$${3 * i + 1}`, `$${3 * i + 2}`, `$${3 * i + 3}`];
    const t = `t${i}`;
    const gate = i === 0 ? "" : ` WHERE (SELECT allowed FROM c${i - 1})`;
    ctes.push(`${t} AS (SELECT now, make_interval(secs => ${span}::float8 / ${max}) AS step, make_interval(secs => ${span}) AS span FROM now)`);
    ctes.push(`c${i} AS (
     INSERT INTO rate_limit_counters AS c (key, tat, allowed) SELECT ${key}, ${t}.now + ${t}.step, true FROM ${t}${gate}
     ON CONFLICT (key) DO UPDATE SET
       allowed = greatest(c.tat, (SELECT now FROM ${t})) + (SELECT step FROM ${t}) <= (SELECT now + span FROM ${t}),
       tat = CASE WHEN greatest(c.tat, (SELECT now FROM ${t})) + (SELECT step FROM ${t}) <= (SELECT now + span FROM ${t})
                  THEN greatest(c.tat, (SELECT now FROM ${t})) + (SELECT step FROM ${t}) ELSE c.tat END
     RETURNING allowed, ceil(extract(epoch FROM tat + (SELECT step FROM ${t}) - (SELECT now + span FROM ${t})))::int AS retry_after)`);
  }
  const answers = Array.from({ length: count }, (_, i) => `SELECT ${i} AS at, allowed, retry_after FROM c${i}`);
  statement = `WITH ${ctes.join(",\n")}\n${answers.join(" UNION ALL ")}`;
  statements.set(count, statement);
  return statement;
}

/** Seconds until `subject` may make a request under `limit`, or null when it may now (nothing is counted). */
export async function exhausted(limit: Limit, subject: string): Promise<number | null> {
  const rows = await poolRunner<{ retry_after: number }>(
    `WITH t AS (SELECT ${NOW} AS now, make_interval(secs => $2::float8 / $3) AS step, make_interval(secs => $2) AS span)
     SELECT ceil(extract(epoch FROM c.tat + t.step - (t.now + t.span)))::int AS retry_after
     FROM rate_limit_counters c, t
     WHERE c.key = $1 AND greatest(c.tat, t.now) + t.step > t.now + t.span`,
    [`${limit.name}:${subject}`, limit.windowSeconds, limit.max],
  );
  return rows[0] ? Math.max(1, rows[0].retry_after) : null;
}

/** Drops the state of subjects idle for a day (their allowance is whole again anyway); the sweeper calls it. */
export async function pruneRateLimits(): Promise<number> {
  const { rowCount } = await pgPool().query(`DELETE FROM rate_limit_counters WHERE tat < ${NOW} - interval '1 day'`);
  return rowCount ?? 0;
}
