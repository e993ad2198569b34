import { Prisma } from "../../generated/prisma/client";
import { queryMetrics } from "./query-metrics";
import { HUMAN_APPROVED, type MetricsScope, SECONDS_TO_RESOLVE, scopeIntents } from "./scope-intents";

/** Upper edges (seconds) of the time-to-approve histogram; a last bucket (le_s null) takes the rest. */
export const TIME_TO_APPROVE_EDGES = [10, 30, 60, 300, 900, 3600, 14400, 86400] as const;

export interface TimeToApprove {
  p50: number | null;
  p95: number | null;
  /** Approvals per bucket, not cumulative: (previous edge, le_s] seconds. */
  histogram: { le_s: number | null; count: number }[];
}

/**
 * Seconds from proposal to the approval that completed it, over the window's human-approved
 * intents: percentile_cont median and 95th percentile (one sort for both), and a fixed-edge histogram. Served from
 * the (org_id, outcome, created_at, rule_id, status, resolved_at, executable_at) index alone.
 */
export async function measureTimeToApprove(scope: MetricsScope): Promise<TimeToApprove> {
  const within = TIME_TO_APPROVE_EDGES.map((edge) => Prisma.sql`(count(*) FILTER (WHERE t.seconds <= ${edge}))::int`);
  const [row] = await queryMetrics<{ percentiles: (number | null)[] | null; within: number[]; approved: number }>(scope.orgId, Prisma.sql`
    SELECT percentile_cont(ARRAY[0.5, 0.95]::float8[]) WITHIN GROUP (ORDER BY t.seconds) AS percentiles,
      ARRAY[${Prisma.join(within)}] AS within,
      count(*)::int AS approved
    FROM (SELECT ${SECONDS_TO_RESOLVE} AS seconds FROM intents i WHERE ${scopeIntents(scope)} AND ${HUMAN_APPROVED}) t`);
  const cumulative = [...row.within, row.approved];
  return {
    p50: row.percentiles?.[0] ?? null,
    p95: row.percentiles?.[1] ?? null,
    histogram: cumulative.map((count, i) => ({ le_s: TIME_TO_APPROVE_EDGES[i] ?? null, count: count - (i > 0 ? cumulative[i - 1] : 0) })),
  };
}
