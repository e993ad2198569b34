import { Prisma } from "../../generated/prisma/client";
import { queryMetrics } from "./query-metrics";
import { type MetricsScope, bucketSeries, inBucket, notBefore, scopeIntents } from "./scope-intents";

export interface DecisionCounts {
  /** Every bucket of the window, in order, with its allowed and denied intents. */
  buckets: { bucket: Date; allowed: number; denied: number }[];
  /** Allowed intents per allow rule that the random audit samples (the only allow rules reported). */
  sampledRules: Map<string, number>;
}

/**
 * Intents the policy allowed or denied outright, per bucket, read from the (org_id, outcome,
 * created_at, …) index alone when no filter needs other columns (approval requests are counted
 * with their resolutions, in countApprovalRequests). A plain count per bucket slice: grouping the
 * whole window by rule costs more than the scan, so rules are counted only where they are reported.
 */
export async function countDecisions(scope: MetricsScope): Promise<DecisionCounts> {
  const [buckets, rules] = await Promise.all([
    queryMetrics<{ bucket: Date; allowed: number; denied: number }>(scope.orgId, Prisma.sql`
      SELECT b.bucket, c.allowed, c.denied
      FROM ${bucketSeries(scope)}
        CROSS JOIN LATERAL (
          SELECT (count(*) FILTER (WHERE i.outcome = 'allow'))::int AS allowed, (count(*) FILTER (WHERE i.outcome = 'deny'))::int AS denied
          FROM intents i WHERE ${scopeIntents(scope)} AND i.outcome IN ('allow', 'deny') AND ${inBucket(scope)}
        ) c
      ORDER BY b.bucket`),
    queryMetrics<{ rule_id: string; intents: number }>(scope.orgId, Prisma.sql`
      SELECT i.rule_id, count(*)::int AS intents
      FROM intents i
      WHERE ${scopeIntents(scope)} AND i.outcome = 'allow'
        AND i.rule_id IN (SELECT r.rule_id FROM reviews r WHERE r.org_id = ${scope.orgId} AND ${notBefore(Prisma.sql`r.created_at`, scope)})
      GROUP BY i.rule_id`),
  ]);
  return { buckets, sampledRules: new Map(rules.map((r) => [r.rule_id, r.intents])) };
}
