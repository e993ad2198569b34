import { Prisma } from "../../generated/prisma/client";

export type Bucket = "hour" | "day";

/** What every metrics query is restricted to: one org, intents created in [from, to), optional filters. */
export interface MetricsScope {
  orgId: string;
  from: Date;
  to: Date;
  bucket: Bucket;
  action?: string;
  /** Agent name or id. */
  agent?: string;
  environment?: string;
}

/**
 * The org and the optional filters (alias `i`: intents, or shadow_hits, which copies the filter
 * columns), without the time range. org_id is
 * always the first term, so no query reads another organization's intents; an agent name or id
 * matches this org's agents only (resolved once, so the agent index can serve the filter).
 */
export function filterIntents(scope: MetricsScope): Prisma.Sql {
  const terms = [Prisma.sql`i.org_id = ${scope.orgId}`];
  if (scope.action !== undefined) terms.push(Prisma.sql`i.action = ${scope.action}`);
  if (scope.environment !== undefined) terms.push(Prisma.sql`i.environment = ${scope.environment}`);
  if (scope.agent !== undefined) {
    terms.push(Prisma.sql`i.agent_id = ANY (ARRAY(
      SELECT ag.id FROM agents ag WHERE ag.org_id = ${scope.orgId} AND (ag.id = ${scope.agent} OR ag.name = ${scope.agent})))`);
  }
  return Prisma.join(terms, " AND ");
}

/** filterIntents plus the window [from, to). */
export function scopeIntents(scope: MetricsScope): Prisma.Sql {
  return Prisma.sql`${filterIntents(scope)} AND i.created_at >= ${scope.from} AND i.created_at < ${scope.to}`;
}

const step = (scope: MetricsScope) => `1 ${scope.bucket}`;

/** Every UTC hour or day (`b.bucket`) from the one holding `from` to the one holding the last instant before `to`. */
export function bucketSeries(scope: MetricsScope): Prisma.Sql {
  return Prisma.sql`generate_series(date_trunc(${scope.bucket}, ${scope.from}::timestamp),
    ${scope.to}::timestamp - interval '1 microsecond', ${step(scope)}::interval) AS b(bucket)`;
}

const BUCKET_MS: Record<Bucket, number> = { hour: 3_600_000, day: 86_400_000 };

/** The same buckets as bucketSeries, computed here (UTC hours and days are fixed lengths). */
export function bucketStarts(scope: MetricsScope): Date[] {
  const size = BUCKET_MS[scope.bucket];
  const starts: Date[] = [];
  for (let t = Math.floor(scope.from.getTime() / size) * size; t < scope.to.getTime(); t += size) starts.push(new Date(t));
  return starts;
}

/**
 * The intent lies in bucket `b` (and in the window: join with scopeIntents too, whose constant
 * bounds let the planner use a filter's index). Joining buckets to intents reads each bucket's
 * slice of an index in order instead of grouping every row by date_trunc (which the planner
 * cannot estimate, and so sorts).
 */
export function inBucket(scope: MetricsScope): Prisma.Sql {
  return Prisma.sql`i.created_at >= greatest(b.bucket, ${scope.from}::timestamp)
    AND i.created_at < least(b.bucket + ${step(scope)}::interval, ${scope.to}::timestamp)`;
}

// How an intent ended, from its own columns (alias `i`). An approved intent moves on to
// executing/succeeded/failed, or to expired when its execution token lapses unused (it then has
// executable_at); an SLA timeout expires a pending item that never got a token.

/** Resolved by human approval (every approval it needed was given). */
export const HUMAN_APPROVED = Prisma.sql`(i.outcome = 'require_approval' AND (i.status IN ('approved', 'executing', 'succeeded', 'failed')
  OR (i.status = 'expired' AND i.executable_at IS NOT NULL)))`;

/** Resolved by a human rejection (only humans reject). */
export const HUMAN_REJECTED = Prisma.sql`(i.outcome = 'require_approval' AND i.status = 'rejected')`;

/** Expired by the sweeper because nobody decided within the SLA (on_timeout: deny). */
export const TIMED_OUT = Prisma.sql`(i.outcome = 'require_approval' AND i.status = 'expired' AND i.executable_at IS NULL)`;

/**
 * A human resolution against the agent's recommendation: approved when it said reject, rejected
 * when it said approve, or — with no recommendation — rejected at all. Agreeing rejections are not.
 */
export const OVERRIDDEN = Prisma.sql`CASE WHEN ${HUMAN_REJECTED} THEN i.recommendation IS DISTINCT FROM 'reject'
  WHEN ${HUMAN_APPROVED} THEN i.recommendation = 'reject' ELSE false END`;

/** Seconds from proposal to resolution (date_part: float8, cheaper than extract's numeric). */
export const SECONDS_TO_RESOLVE = Prisma.sql`date_part('epoch', i.resolved_at - i.created_at)`;

/**
 * Past its SLA deadline: resolved after it (approved, rejected, cancelled), expired by the SLA
 * timeout, or still pending at `now`.
 */
export function breachedSla(now: Date): Prisma.Sql {
  return Prisma.sql`(i.sla_deadline IS NOT NULL AND (i.resolved_at > i.sla_deadline OR ${TIMED_OUT}
    OR (i.status = 'pending_approval' AND i.sla_deadline < ${now})))`;
}

/**
 * Approvals and reviews are written after their intent, so `created_at >= from` (less a day for
 * clocks that disagree) narrows their scan without losing any row of the window's intents.
 */
export function notBefore(column: Prisma.Sql, scope: MetricsScope): Prisma.Sql {
  return Prisma.sql`${column} >= ${scope.from}::timestamp - interval '1 day'`;
}
