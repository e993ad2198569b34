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

type Row = RequestCounts & { bucket: Date; rule_id: string | null };

const add = (a: RequestCounts | undefined, b: RequestCounts): RequestCounts => ({
  requests: (a?.requests ?? 0) + b.requests,
  approved: (a?.approved ?? 0) + b.approved,
  rejected: (a?.rejected ?? 0) + b.rejected,
  expired: (a?.expired ?? 0) + b.expired,
  overrides: (a?.overrides ?? 0) + b.overrides,
  slaBreaches: (a?.slaBreaches ?? 0) + b.slaBreaches,
});

/**
 * How the window's approval requests ended, per bucket and per rule: counted per (bucket, rule) one
 * bucket's slice of the metrics index at a time (cheaper than grouping the window two ways in
 * SQL), then summed both ways here.
 */
export async function countApprovalRequests(scope: MetricsScope, now: Date): Promise<ApprovalRequestCounts> {
  const rows = await queryMetrics<Row>(scope.orgId, Prisma.sql`
    SELECT b.bucket, c.*
    FROM ${bucketSeries(scope)}
      CROSS JOIN LATERAL (
        SELECT i.rule_id,
          count(*)::int AS "requests",
          (count(*) FILTER (WHERE ${HUMAN_APPROVED}))::int AS "approved",
          (count(*) FILTER (WHERE ${HUMAN_REJECTED}))::int AS "rejected",
          (count(*) FILTER (WHERE ${TIMED_OUT}))::int AS "expired",
          (count(*) FILTER (WHERE ${OVERRIDDEN}))::int AS "overrides",
          (count(*) FILTER (WHERE ${breachedSla(now)}))::int AS "slaBreaches"
        FROM intents i WHERE ${scopeIntents(scope)} AND i.outcome = 'require_approval' AND ${inBucket(scope)}
        GROUP BY i.rule_id
      ) c`);
  const result: ApprovalRequestCounts = { buckets: new Map(), rules: new Map() };
  for (const { bucket, rule_id, ...counts } of rows) {
    result.buckets.set(bucket.getTime(), add(result.buckets.get(bucket.getTime()), counts));
    if (rule_id !== null) result.rules.set(rule_id, add(result.rules.get(rule_id), counts));
  }
  return result;
}
