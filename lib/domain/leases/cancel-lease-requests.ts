import type { OrgTx } from "../../db/scoped";
import type { RequestContext } from "../request-context";
import { moveIntent } from "../intents/lifecycle";

/**
 * Withdraws the still-pending create or renew requests of leases that were just revoked, the way
 * an agent's cancel would (decisions log, audit, event): a reviewer must not be left approving
 * authority that no longer exists. SKIP LOCKED, because a reviewer resolving one of them right
 * now holds its row and waits for the lease row we hold; that resolution finds the lease revoked
 * and grants nothing (apply-lease-resolution.ts), so skipping it cannot deadlock or leak authority.
 */
export async function cancelLeaseRequests(ctx: RequestContext, tx: OrgTx, intentIds: (string | null)[], reason: string): Promise<void> {
  const ids = intentIds.filter((id): id is string => Boolean(id));
  if (ids.length === 0) return;
  const pending = await ctx.sql<{ id: string; status: "pending_approval"; action: string; leaseId: string; payload: unknown }>((p) => `
    SELECT id, 'pending_approval' AS status, action, lease_id AS "leaseId", payload FROM intents
    WHERE id IN (SELECT jsonb_array_elements_text(${p.add(JSON.stringify(ids), "jsonb")})) AND org_id = ${p.org} AND status = 'pending_approval'
    FOR UPDATE SKIP LOCKED`, tx);
  for (const intent of pending) {
    await moveIntent(tx, ctx.orgId, intent, "cancelled", { actor: ctx.actor, decision: { reason }, audit: { reason }, leaseRevoked: true });
  }
}
