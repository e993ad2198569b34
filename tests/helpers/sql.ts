import { db } from "../../lib/db/client";
import { chainAuditEvents } from "../../lib/domain/audit/chain-audit-events";

/**
 * Direct SQL for what the API does not show (row counts, audit rows) and for moving a row's
 * clock back. Timestamps are shifted relative to their stored value, so no time zone is involved.
 */
export function sqlRows<T>(query: string, ...params: unknown[]): Promise<T[]> {
  return db().$queryRawUnsafe<T[]>(query, ...params);
}

export function sqlExec(query: string, ...params: unknown[]): Promise<number> {
  return db().$executeRawUnsafe(query, ...params);
}

/** The audit event types recorded about one subject, in chain order (pending events chained first, as every reader does). */
export async function auditTypesFor(orgId: string, subjectId: string): Promise<string[]> {
  await chainAuditEvents(orgId);
  const rows = await sqlRows<{ type: string }>(
    "SELECT type FROM audit_events WHERE org_id = $1 AND subject_id = $2 ORDER BY seq",
    orgId,
    subjectId,
  );
  return rows.map((r) => r.type);
}

/**
 * `n` audit events queued in one statement, as appendAuditEvent queues them (type test.event,
 * subjects t1…tn, data {[key]: k}), then chained by the app's sequencer: a long chain quickly, on
 * the embedded database too (one append per statement there takes minutes for a few thousand).
 */
export async function queueAuditEvents(orgId: string, n: number, key = "k"): Promise<void> {
  await sqlExec(
    `INSERT INTO audit_pending (org_id, id, at, actor_type, actor_id, type, subject_type, subject_id, data)
     SELECT $1, 'aud_t' || md5(random()::text || k), now() AT TIME ZONE 'UTC', 'system', NULL, 'test.event', 'test', 't' || k, jsonb_build_object($3::text, k)
     FROM generate_series(1, $2::int) k ORDER BY k`,
    orgId,
    n,
    key,
  );
  await chainAuditEvents(orgId);
}

/** How many audit events an organization's chain holds, pending events chained first. */
export async function auditCount(orgId: string): Promise<number> {
  await chainAuditEvents(orgId);
  const [row] = await sqlRows<{ n: number }>("SELECT count(*)::int AS n FROM audit_events WHERE org_id = $1", orgId);
  return row.n;
}
