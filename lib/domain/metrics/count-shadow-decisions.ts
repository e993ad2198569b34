import { Prisma } from "../../generated/prisma/client";
import { queryMetrics } from "./query-metrics";
import { type MetricsScope, scopeIntents } from "./scope-intents";

export interface ShadowCount {
  rule_id: string;
  would_deny: number;
  would_require_approval: number;
  would_allow: number;
  total: number;
}

/**
 * What each shadow rule would have decided on the window's intents it matched, busiest rule first.
 * Read from shadow_hits alone (it carries the intents' filter columns and creation time).
 */
export async function countShadowDecisions(scope: MetricsScope): Promise<ShadowCount[]> {
  return queryMetrics<ShadowCount>(scope.orgId, Prisma.sql`
    SELECT i.rule_id,
      (count(*) FILTER (WHERE i.outcome = 'deny'))::int AS would_deny,
      (count(*) FILTER (WHERE i.outcome = 'require_approval'))::int AS would_require_approval,
      (count(*) FILTER (WHERE i.outcome = 'allow'))::int AS would_allow,
      count(*)::int AS total
    FROM shadow_hits i
    WHERE ${scopeIntents(scope)}
    GROUP BY 1
    ORDER BY total DESC, rule_id`);
}
