import type { OrgTx } from "../../db/scoped";
import { moveIntent } from "../intents/lifecycle";

/**
 * Withdraws the still-pending create or renew requests of leases that were just revoked, the way
 * an agent's cancel would (decisions log, audit, event): a reviewer must not be left approving
 * authority that no longer exists. SKIP LOCKED, because a reviewer resolving one of them right
 * now holds its row and waits for the lease row we hold; that resolution finds the lease revoked
 * and grants nothing (apply-lease-resolution.ts), so skipping it cannot deadlock or leak authority.
 */
export async function cancelLeaseRequests(
  tx: OrgTx,
  orgId: string,
  intentIds: (string | null)[],
  actor: { type: string; id: string | null },
  reason: string,
): Promise<void> {
  const ids = intentIds.filter((id): id is string => Boolean(id));
  if (ids.length === 0) return;
  const pending = await tx.$queryRaw<{ id: string; status: "pending_approval"; action: string; leaseId: string; payload: unknown }[]>`
    SELECT id, 'pending_approval' AS status, action, lease_id AS "leaseId", payload FROM intents
    WHERE id = ANY(${ids}) AND org_id = ${orgId} AND status = 'pending_approval'
    FOR UPDATE SKIP LOCKED`;
  for (const intent of pending) {
    await moveIntent(tx, orgId, intent, "cancelled", { actor, decision: { reason }, audit: { reason }, leaseRevoked: true });
  }
}
