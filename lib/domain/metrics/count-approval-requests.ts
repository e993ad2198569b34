import { Prisma } from "../../generated/prisma/client";
import { queryMetrics } from "./query-metrics";
import {
  HUMAN_APPROVED,
  HUMAN_REJECTED,
  type MetricsScope,
  OVERRIDDEN,
  TIMED_OUT,
  breachedSla,
  bucketSeries,
  inBucket,
  scopeIntents,
} from "./scope-intents";

export interface RequestCounts {
  /** Intents that required approval. */
  requests: number;
  approved: number;
  rejected: number;
  /** Expired by the SLA timeout. */
  expired: number;
  /** Human resolutions against the recommendation (or rejections without one). */
  overrides: number;
  slaBreaches: number;
}

export interface ApprovalRequestCounts {
  buckets: Map<number, RequestCounts>;
  /** Per rule that required approval (the default decision, rule_id null, left out). */
  rules: Map<string, RequestCounts>;
}

type Row = RequestCounts & { per_rule: number; bucket: Date | null; rule_id: string | null };

/** How the window's approval requests ended, per bucket and per rule. Reads only those rows. */
export async function countApprovalRequests(scope: MetricsScope, now: Date): Promise<ApprovalRequestCounts> {
  const rows = await queryMetrics<Row>(scope.orgId, Prisma.sql`
    SELECT GROUPING(b.bucket)::int AS per_rule, b.bucket, i.rule_id,
      count(*)::int AS "requests",
      (count(*) FILTER (WHERE ${HUMAN_APPROVED}))::int AS "approved",
      (count(*) FILTER (WHERE ${HUMAN_REJECTED}))::int AS "rejected",
      (count(*) FILTER (WHERE ${TIMED_OUT}))::int AS "expired",
      (count(*) FILTER (WHERE ${OVERRIDDEN}))::int AS "overrides",
      (count(*) FILTER (WHERE ${breachedSla(now)}))::int AS "slaBreaches"
    FROM ${bucketSeries(scope)}
      JOIN intents i ON ${scopeIntents(scope)} AND i.outcome = 'require_approval' AND ${inBucket(scope)}
    GROUP BY GROUPING SETS ((b.bucket), (i.rule_id))`);
  const result: ApprovalRequestCounts = { buckets: new Map(), rules: new Map() };
  for (const { per_rule, bucket, rule_id, ...counts } of rows) {
    if (!per_rule) result.buckets.set((bucket as Date).getTime(), counts);
    else if (rule_id !== null) result.rules.set(rule_id, counts);
  }
  return result;
}
