import { Prisma } from "../../generated/prisma/client";
import { queryMetrics } from "./query-metrics";
import { type MetricsScope, bucketSeries, bucketStarts, filterIntents, inBucket, scopeIntents } from "./scope-intents";
import type { SealedCore } from "./seal-metric-days";

export interface DecisionCounts {
  /** Every bucket of the window, in order, with its allowed and denied intents. */
  buckets: { bucket: Date; allowed: number; denied: number }[];
  /** Allowed intents per allow rule (the default decision, rule_id null, left out). */
  allowedByRule: Map<string, number>;
}

type Row = { bucket: Date; outcome: "allow" | "deny"; rule_id: string | null; intents: number };

/**
 * Intents the policy allowed or denied outright, per bucket and rule (approval requests are
 * counted with their resolutions, in countApprovalRequests). The sealed days come from
 * intent_day_counts; the other buckets are counted from the metrics index alone, one bucket's
 * slice at a time.
 */
export async function countDecisions(scope: MetricsScope, core: SealedCore | null): Promise<DecisionCounts> {
  const outsideCore = core ? Prisma.sql`NOT (b.bucket >= ${core.from}::timestamp AND b.bucket < ${core.to}::timestamp)` : Prisma.sql`true`;
  const [live, sealed] = await Promise.all([
    queryMetrics<Row>(scope.orgId, Prisma.sql`
      SELECT b.bucket, c.outcome::text AS outcome, c.rule_id, c.intents
      FROM ${bucketSeries(scope)}
        CROSS JOIN LATERAL (
          SELECT i.outcome, i.rule_id, count(*)::int AS intents
          FROM intents i WHERE ${scopeIntents(scope)} AND i.outcome IN ('allow', 'deny') AND ${inBucket(scope)}
          GROUP BY 1, 2
        ) c
      WHERE ${outsideCore}`),
    core
      ? queryMetrics<Row>(scope.orgId, Prisma.sql`
          SELECT i.day::timestamp AS bucket, i.outcome::text AS outcome, nullif(i.rule_id, '') AS rule_id, sum(i.intents)::int AS intents
          FROM intent_day_counts i
          WHERE ${filterIntents(scope)} AND i.day >= ${core.from}::date AND i.day < ${core.to}::date AND i.outcome IN ('allow', 'deny')
          GROUP BY 1, 2, 3`)
      : [],
  ]);

  const perBucket = new Map<number, { allowed: number; denied: number }>();
  const allowedByRule = new Map<string, number>();
  for (const row of [...live, ...sealed]) {
    const counts = perBucket.get(row.bucket.getTime()) ?? { allowed: 0, denied: 0 };
    if (row.outcome === "allow") counts.allowed += row.intents;
    else counts.denied += row.intents;
    perBucket.set(row.bucket.getTime(), counts);
    if (row.outcome === "allow" && row.rule_id !== null) allowedByRule.set(row.rule_id, (allowedByRule.get(row.rule_id) ?? 0) + row.intents);
  }
  const buckets = bucketStarts(scope).map((bucket) => ({ bucket, ...(perBucket.get(bucket.getTime()) ?? { allowed: 0, denied: 0 }) }));
  return { buckets, allowedByRule };
}
