import type { OrgTx } from "../../db/scoped";
import type { Lease } from "../../generated/prisma/client";
import { appendAuditEvent } from "../audit/append-audit-event";
import { recordEvent } from "../events/record-event";

/** Within the last 10 % of its time a lease still works, but says so, once. */
export const EXPIRING_SOON_SHARE = 0.1;

export function isExpiringSoon(lease: Pick<Lease, "expiresAt" | "ttlSeconds">, now: Date): boolean {
  if (!lease.expiresAt) return false;
  const left = lease.expiresAt.getTime() - now.getTime();
  return left > 0 && left <= lease.ttlSeconds * 1000 * EXPIRING_SOON_SHARE;
}

/** Marks an active lease expiring_soon and emits `lease.expiring_soon` the first time it is seen so. */
export async function noteExpiringSoon(tx: OrgTx, orgId: string, lease: Lease, now: Date): Promise<boolean> {
  if (lease.status !== "active" || !isExpiringSoon(lease, now)) return false;
  const changed = await tx.lease.updateMany({ where: { id: lease.id, status: "active" }, data: { status: "expiring_soon", expiringNotifiedAt: now } });
  if (changed.count === 0) return false;
  await appendAuditEvent(tx, orgId, {
    actor: { type: "system", id: null },
    type: "lease.expiring_soon",
    subject: { type: "lease", id: lease.id },
    data: { expires_at: lease.expiresAt?.toISOString() ?? null },
  });
  await recordEvent(tx, orgId, "lease.expiring_soon", { id: lease.id, agent_id: lease.agentId, expires_at: lease.expiresAt?.toISOString() ?? null });
  return true;
}
