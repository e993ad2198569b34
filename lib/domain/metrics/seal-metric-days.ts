import { orgDb } from "../../db/scoped";
import { orgBoundSql } from "../../db/sql";
import { Prisma } from "../../generated/prisma/client";
import type { MetricsScope } from "./scope-intents";

const DAY_MS = 86_400_000;
/**
 * A day is sealed this long after it ends: intents take their created_at from the proposing
 * instance's clock, so a day stays open for writes from an instance whose clock lags a little.
 */
export const SEAL_AFTER_MS = 3_600_000;

/** Whole UTC days inside the window whose counts come from intent_day_counts: [from, to). */
export interface SealedCore {
  from: Date;
  to: Date;
}

const startOfDay = (t: number) => Math.floor(t / DAY_MS) * DAY_MS;

/**
 * The whole UTC days of a day-bucketed window that are over, counted once into intent_day_counts
 * (the first query over a day pays for it; later ones read a few rows per day instead of every
 * intent). Returns that span, or null when the window has no such day (hourly windows never do).
 * Concurrent callers each seal different days: the marker insert decides who counts which day.
 */
export async function sealMetricDays(scope: MetricsScope, now: Date): Promise<SealedCore | null> {
  if (scope.bucket !== "day") return null;
  const db = orgDb(scope.orgId);
  const bound = (strings: TemplateStringsArray, ...values: unknown[]) => orgBoundSql(scope.orgId, Prisma.sql(strings, ...values));
  // Days before the org's first intent hold nothing, so they are counted live for free and never
  // marked: whatever windows a caller asks for, the markers stay within the org's own history.
  const [oldest] = await db.$queryRaw<{ at: Date | null }[]>(bound`SELECT min(created_at) AS at FROM intents WHERE org_id = ${scope.orgId}`);
  if (!oldest?.at) return null;
  const first = Math.max(startOfDay(scope.from.getTime() + DAY_MS - 1), startOfDay(oldest.at.getTime()));
  const end = Math.min(startOfDay(scope.to.getTime()), startOfDay(now.getTime() - SEAL_AFTER_MS));
  if (end <= first) return null;
  const core = { from: new Date(first), to: new Date(end) };

  const missing = await db.$queryRaw<{ n: number }[]>(bound`
    SELECT count(*)::int AS n FROM generate_series(${core.from}::date, ${core.to}::date - 1, interval '1 day') d
    WHERE NOT EXISTS (SELECT 1 FROM metric_sealed_days s WHERE s.org_id = ${scope.orgId} AND s.day = d::date)`);
  if (missing[0].n === 0) return core;

  await db.$transaction(async (tx) => {
    const claimed = await tx.$queryRaw<{ day: Date }[]>(bound`
      INSERT INTO metric_sealed_days (org_id, day)
      SELECT ${scope.orgId}, d::date FROM generate_series(${core.from}::date, ${core.to}::date - 1, interval '1 day') d
      ON CONFLICT DO NOTHING
      RETURNING day`);
    if (claimed.length === 0) return;
    await tx.$executeRaw`SELECT set_config('jit', 'off', true)`;
    await tx.$executeRaw(bound`
      INSERT INTO intent_day_counts (org_id, day, outcome, rule_id, action, environment, agent_id, intents)
      SELECT i.org_id, i.created_at::date, i.outcome, coalesce(i.rule_id, ''), i.action, coalesce(i.environment, ''), i.agent_id, count(*)::int
      FROM intents i
      WHERE i.org_id = ${scope.orgId} AND i.created_at >= ${core.from} AND i.created_at < ${core.to}
        AND i.created_at::date = ANY (${claimed.map((c) => c.day)}::date[])
      GROUP BY 1, 2, 3, 4, 5, 6, 7`);
  }, { timeout: 60_000 });
  return core;
}
