import { Prisma } from "../../generated/prisma/client";
import { queryMetrics } from "./query-metrics";
import { type MetricsScope, notBefore, scopeIntents } from "./scope-intents";

export interface ReviewCounts {
  sampled: number;
  reviewed: number;
  wrong: number;
}

export interface ReviewTally {
  total: ReviewCounts;
  buckets: Map<number, ReviewCounts>;
  /** Keyed by ruleKey(outcome, rule_id) of the reviewed intent. */
  rules: Map<string, ReviewCounts>;
}

export const ruleKey = (outcome: string, ruleId: string) => `${outcome}\u0000${ruleId}`;

type Row = ReviewCounts & { bucket: Date; rule_id: string | null; outcome: string };

/** The random-audit sample of the window's intents: sampled, reviewed, marked wrong; per bucket and per rule. */
export async function countReviews(scope: MetricsScope): Promise<ReviewTally> {
  const rows = await queryMetrics<Row>(scope.orgId, Prisma.sql`
    SELECT date_trunc(${scope.bucket}, i.created_at) AS bucket, i.rule_id, i.outcome::text AS outcome,
      count(*)::int AS sampled, count(r.verdict)::int AS reviewed, (count(*) FILTER (WHERE r.verdict = 'wrong'))::int AS wrong
    FROM reviews r JOIN intents i ON i.id = r.intent_id AND i.org_id = r.org_id
    WHERE r.org_id = ${scope.orgId} AND ${notBefore(Prisma.sql`r.created_at`, scope)} AND ${scopeIntents(scope)}
    GROUP BY 1, 2, 3`);
  const tally: ReviewTally = { total: { sampled: 0, reviewed: 0, wrong: 0 }, buckets: new Map(), rules: new Map() };
  const add = <K>(map: Map<K, ReviewCounts>, key: K, row: ReviewCounts) => {
    const counts = map.get(key) ?? { sampled: 0, reviewed: 0, wrong: 0 };
    map.set(key, { sampled: counts.sampled + row.sampled, reviewed: counts.reviewed + row.reviewed, wrong: counts.wrong + row.wrong });
  };
  for (const row of rows) {
    tally.total = { sampled: tally.total.sampled + row.sampled, reviewed: tally.total.reviewed + row.reviewed, wrong: tally.total.wrong + row.wrong };
    add(tally.buckets, row.bucket.getTime(), row);
    if (row.rule_id !== null) add(tally.rules, ruleKey(row.outcome, row.rule_id), row);
  }
  return tally;
}
