import type { Principal } from "../../auth/principal";
import { inOrgTx, orgDb } from "../../db/scoped";
import { AppError, notFound } from "../../errors";
import { roleAtLeast } from "../../roles";
import { emit } from "./apply-lease-resolution";
import { leaseWithUsage } from "./read-lease";

/**
 * POST /leases/{id}/revoke, by a member (approver+) or the agent holding it: revoked in this
 * commit, with every lease delegated from it; a waiting renewal is cancelled. Intents proposed
 * from now on are denied with lease_revoked.
 */
export async function revokeLease(auth: Principal, leaseId: string, input: { reason?: string }) {
  await inOrgTx(auth.orgId, async (tx) => {
    const own = auth.kind === "agent" ? { agentId: auth.agentId } : {};
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM leases WHERE id = ${leaseId} AND org_id = ${auth.orgId} FOR UPDATE`;
    const lease = locked.length ? await tx.lease.findFirst({ where: { id: leaseId, ...own } }) : null;
    if (!lease) throw notFound("Lease");
    if (auth.kind === "user" && !roleAtLeast(auth.role, "approver")) throw new AppError("forbidden", "Revoking a lease needs the approver role");
    if (lease.status === "revoked") throw new AppError("conflict", "The lease is already revoked");
    const now = new Date();
    const reason = input.reason ?? (auth.kind === "agent" ? "revoked by the agent" : "revoked by a member");
    const revoked = await tx.$queryRaw<{ id: string; agent_id: string }[]>`
      WITH RECURSIVE tree AS (
        SELECT id FROM leases WHERE id = ${leaseId} AND org_id = ${auth.orgId}
        UNION ALL
        SELECT l.id FROM leases l JOIN tree t ON l.parent_lease_id = t.id WHERE l.org_id = ${auth.orgId}
      )
      UPDATE leases SET status = 'revoked', revoked_at = ${now}, revocation_reason = ${reason}
      WHERE id IN (SELECT id FROM tree) AND status <> 'revoked'
      RETURNING id, agent_id`;
    if (lease.renewalIntentId) {
      await tx.intent.updateMany({ where: { id: lease.renewalIntentId, status: "pending_approval" }, data: { status: "cancelled", resolvedAt: now } });
    }
    const actor = auth.kind === "agent" ? { type: "agent", id: auth.agentId } : { type: "user", id: auth.userId };
    for (const row of revoked) {
      await emit(tx, auth.orgId, "lease.revoked", row.id, row.agent_id, actor, { reason, cascaded_from: row.id === leaseId ? null : leaseId });
    }
  });
  const lease = await orgDb(auth.orgId).lease.findFirstOrThrow({ where: { id: leaseId } });
  return leaseWithUsage(auth.orgId, lease);
}
