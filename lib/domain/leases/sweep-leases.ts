import { db } from "../../db/client";
import { inOrgTx, rowKey } from "../../db/scoped";
import { emit } from "./apply-lease-resolution";
import { EXPIRING_SOON_SHARE, noteExpiringSoon } from "./note-expiring-soon";

const BATCH = 100;
const SYSTEM = { type: "system", id: "sweeper" };

/**
 * Lease half of the sweeper (system-run, across orgs: no RequestContext): `lease.expiring_soon` when the last 10 % of a lease's time begins,
 * `lease.expired` when it ends. Same claim-and-recheck discipline as the intent sweep, so each
 * event is emitted once across instances.
 */
export async function sweepLeases(now = new Date()): Promise<{ expiringSoon: number; expired: number }> {
  const counts = { expiringSoon: 0, expired: 0 };
  // The share is cast: an untyped parameter next to the integer ttl_seconds would be read as an
  // integer, and "0.1" is not one (the query failed on every pass).
  const due = await db().$queryRaw<{ id: string; org_id: string }[]>`
    SELECT id, org_id FROM leases
    WHERE status IN ('active', 'expiring_soon') AND expires_at IS NOT NULL
      AND (expires_at <= ${now}
        OR (status = 'active' AND expires_at - make_interval(secs => ttl_seconds * ${EXPIRING_SOON_SHARE}::float8) <= ${now}))
    ORDER BY expires_at LIMIT ${BATCH}`;
  for (const { id, org_id: orgId } of due) {
    try {
      const outcome = await inOrgTx(orgId, async (tx) => {
        const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM leases WHERE id = ${id} AND org_id = ${orgId} FOR UPDATE SKIP LOCKED`;
        if (locked.length === 0) return null;
        const lease = await tx.lease.findFirst({ where: { id } });
        if (!lease || (lease.status !== "active" && lease.status !== "expiring_soon") || !lease.expiresAt) return null;
        if (lease.expiresAt <= now) {
          await tx.lease.update({ where: rowKey(orgId, id), data: { status: "expired" } });
          await emit(tx, orgId, "lease.expired", id, lease.agentId, SYSTEM, { expires_at: lease.expiresAt.toISOString() });
          return "expired" as const;
        }
        return (await noteExpiringSoon(tx, orgId, lease, now)) ? ("expiringSoon" as const) : null;
      });
      if (outcome) counts[outcome] += 1;
    } catch (error) {
      console.error(`[sweeper] lease ${id}:`, (error as Error).message);
    }
  }
  return counts;
}
