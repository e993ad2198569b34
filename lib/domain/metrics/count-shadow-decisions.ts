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

/** What each shadow rule would have decided on the window's intents it matched, busiest rule first. */
export async function countShadowDecisions(scope: MetricsScope): Promise<ShadowCount[]> {
  return queryMetrics<ShadowCount>(scope.orgId, Prisma.sql`
    SELECT s.hit->>'rule_id' AS rule_id,
      (count(*) FILTER (WHERE s.hit->>'outcome' = 'deny'))::int AS would_deny,
      (count(*) FILTER (WHERE s.hit->>'outcome' = 'require_approval'))::int AS would_require_approval,
      (count(*) FILTER (WHERE s.hit->>'outcome' = 'allow'))::int AS would_allow,
      count(*)::int AS total
    FROM intents i
      CROSS JOIN LATERAL jsonb_array_elements(
        CASE WHEN jsonb_typeof(i.shadow_decisions) = 'array' THEN i.shadow_decisions ELSE '[]'::jsonb END
      ) AS s(hit)
    WHERE ${scopeIntents(scope)} AND i.shadow_decisions IS NOT NULL AND s.hit->>'rule_id' IS NOT NULL
    GROUP BY 1
    ORDER BY total DESC, rule_id`);
}
