import { orgDb } from "../../db/scoped";
import { orgBoundSql } from "../../db/sql";
import type { Prisma } from "../../generated/prisma/client";

/**
 * Runs one metrics query in its own short transaction, with planner settings for that
 * transaction only (measured with scripts/bench/metrics.ts):
 * - jit off: the bucket joins give row estimates in the millions, which switch on JIT
 *   compilation — 200–500 ms of compiling for queries that run in tens of milliseconds;
 * - no parallel workers: getMetrics already runs its queries side by side, one connection each;
 *   workers on top of that only crowd the same CPUs;
 * - no sequential scans: every query is for one org's window, which the org-leading indexes
 *   reach; a whole-table scan of a multi-tenant table reads every other org's rows too.
 */
export async function queryMetrics<T>(orgId: string, query: Prisma.Sql): Promise<T[]> {
  const scoped = orgDb(orgId);
  const [, rows] = await scoped.$transaction([
    scoped.$queryRaw`SELECT set_config('jit', 'off', true), set_config('max_parallel_workers_per_gather', '0', true),
      set_config('enable_seqscan', 'off', true)`,
    scoped.$queryRaw<T[]>(orgBoundSql(orgId, query)),
  ]);
  return rows;
}
