import { pgPool } from "../../db/client";
import { DEFAULT_RANGE_DAYS } from "./resolve-metrics-range";
import { sealMetricDays } from "./seal-metric-days";

const DAY_MS = 86_400_000;

/**
 * Counts the past days of the metrics page's default range ahead of time, for every org that
 * proposed anything in it, so no reviewer's first page load pays for it. Days already counted
 * cost one lookup each org; every instance may run this at once (sealMetricDays decides who
 * counts a day). Returns how many orgs were looked at.
 */
export async function sealRecentDays(now = new Date()): Promise<number> {
  const from = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS - DEFAULT_RANGE_DAYS * DAY_MS);
  const { rows } = await pgPool().query<{ id: string }>(
    "SELECT o.id FROM organizations o WHERE EXISTS (SELECT 1 FROM intents i WHERE i.org_id = o.id AND i.created_at >= $1)",
    [from],
  );
  for (const { id } of rows) await sealMetricDays({ orgId: id, from, to: now, bucket: "day" }, now);
  return rows.length;
}
