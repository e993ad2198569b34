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

type Row = { per_reason: number; user_id: string | null; email: string | null; reason: string | null; count: number };

/**
 * The approvals rows of the window's intents, tallied per member and per rejection reason in one
 * pass. Approvals carry their intent's creation time and filter columns (alias `i` serves
 * filterIntents), so the intents table is not read at all.
 */
export async function countHumanDecisions(scope: MetricsScope): Promise<HumanDecisions> {
  const rows = await queryMetrics<Row>(scope.orgId, Prisma.sql`
    SELECT GROUPING(d.user_id)::int AS per_reason, d.user_id, d.email, d.reason, count(*)::int AS count
    FROM (
      SELECT i.user_id, u.email,
        CASE WHEN i.decision = 'reject' THEN coalesce(nullif(btrim(i.reason, E' \t\r\n'), ''), ${NO_REASON}) END AS reason
      FROM approvals i JOIN users u ON u.id = i.user_id
      WHERE ${filterIntents(scope)} AND i.intent_created_at >= ${scope.from} AND i.intent_created_at < ${scope.to}
    ) d
    GROUP BY GROUPING SETS ((d.user_id, d.email), (d.reason))
    ORDER BY count DESC, d.email, d.user_id, d.reason`);
  const reasons = rows.filter((r) => r.per_reason && r.reason !== null);
  return {
    rejectionReasons: Object.fromEntries(reasons.map((r) => [r.reason, r.count])),
    reviewers: rows
      .filter((r) => !r.per_reason)
      .map((r) => ({ user_id: r.user_id as string, email: r.email as string, resolved: r.count })),
  };
}
