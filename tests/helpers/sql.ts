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

/** How many audit events an organization's chain holds, pending events chained first. */
export async function auditCount(orgId: string): Promise<number> {
  await chainAuditEvents(orgId);
  const [row] = await sqlRows<{ n: number }>("SELECT count(*)::int AS n FROM audit_events WHERE org_id = $1", orgId);
  return row.n;
}
