import { Prisma } from "../../generated/prisma/client";
import { queryMetrics } from "./query-metrics";
import { type MetricsScope, filterIntents } from "./scope-intents";

export const NO_REASON = "(no reason)";

export interface HumanDecisions {
  /** Reasons given for rejections, trimmed, most frequent first. */
  rejectionReasons: Record<string, number>;
  /** Decisions (approvals rows: approve or reject) per member, most first. */
  reviewers: { user_id: string; email: string; resolved: number }[];
}

/**
 * The approvals rows of the window's intents, tallied per member and, for rejections, per reason
 * (two plain groupings side by side: cheaper than one GROUPING SETS pass). Approvals carry their
 * intent's creation time and filter columns (alias `i` serves filterIntents), so the intents table
 * is not read at all.
 */
export async function countHumanDecisions(scope: MetricsScope): Promise<HumanDecisions> {
  const window = Prisma.sql`${filterIntents(scope)} AND i.intent_created_at >= ${scope.from} AND i.intent_created_at < ${scope.to}`;
  const [reviewers, reasons] = await Promise.all([
    queryMetrics<{ user_id: string; email: string; resolved: number }>(scope.orgId, Prisma.sql`
      SELECT c.user_id, u.email, c.resolved
      FROM (SELECT i.user_id, count(*)::int AS resolved FROM approvals i WHERE ${window} GROUP BY 1) c
        JOIN users u ON u.id = c.user_id
      ORDER BY c.resolved DESC, u.email, c.user_id`),
    queryMetrics<{ reason: string; count: number }>(scope.orgId, Prisma.sql`
      SELECT coalesce(nullif(btrim(i.reason, E' \t\r\n'), ''), ${NO_REASON}) AS reason, count(*)::int AS count
      FROM approvals i WHERE ${window} AND i.decision = 'reject'
      GROUP BY 1
      ORDER BY count DESC, reason`),
  ]);
  return { rejectionReasons: Object.fromEntries(reasons.map((r) => [r.reason, r.count])), reviewers };
}
