import type { OrgTx } from "../../db/scoped";
import { appendAuditEvent } from "../audit/append-audit-event";
import { recordEvent } from "../events/record-event";
import { logDecision } from "../intents/log-decision";

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
  const pending = await tx.$queryRaw<{ id: string; action: string }[]>`
    SELECT id, action FROM intents WHERE id = ANY(${ids}) AND org_id = ${orgId} AND status = 'pending_approval'
    FOR UPDATE SKIP LOCKED`;
  const now = new Date();
  for (const intent of pending) {
    await tx.intent.update({ where: { id: intent.id }, data: { status: "cancelled", resolvedAt: now } });
    await logDecision(tx, orgId, intent.id, { kind: "cancel", actor, reason });
    await appendAuditEvent(tx, orgId, { actor, type: "intent.cancelled", subject: { type: "intent", id: intent.id }, data: { reason } });
    await recordEvent(tx, orgId, "intent.resolved", { id: intent.id, status: "cancelled", action: intent.action });
  }
}
