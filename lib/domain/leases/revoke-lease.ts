import type { Principal } from "../../auth/principal";
import { inOrgTx, orgDb } from "../../db/scoped";
import { AppError, notFound } from "../../errors";
import { roleAtLeast } from "../../roles";
import { emit } from "./apply-lease-resolution";
import { cancelLeaseRequests } from "./cancel-lease-requests";
import { leaseWithUsage } from "./read-lease";

/**
 * POST /leases/{id}/revoke, by a member (approver+) or the agent holding it: revoked in this
 * commit, with every lease delegated from it; requests still waiting for a human are cancelled.
 * Intents proposed from now on are denied with lease_revoked.
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
    const revoked = await tx.$queryRaw<{ id: string; agent_id: string; request_intent_id: string | null; renewal_intent_id: string | null }[]>`
      WITH RECURSIVE tree AS (
        SELECT id FROM leases WHERE id = ${leaseId} AND org_id = ${auth.orgId}
        UNION ALL
        SELECT l.id FROM leases l JOIN tree t ON l.parent_lease_id = t.id WHERE l.org_id = ${auth.orgId}
      ),
      before AS (SELECT id, renewal_intent_id FROM leases WHERE id IN (SELECT id FROM tree))
      UPDATE leases l SET status = 'revoked', revoked_at = ${now}, revocation_reason = ${reason}, renewal_intent_id = NULL
      FROM before b WHERE l.id = b.id AND l.status <> 'revoked'
      RETURNING l.id, l.agent_id, l.request_intent_id, b.renewal_intent_id`;
    const actor = auth.kind === "agent" ? { type: "agent", id: auth.agentId } : { type: "user", id: auth.userId };
    // Requests still waiting for a human (a pending create, a renewal) are withdrawn with the lease.
    await cancelLeaseRequests(tx, auth.orgId, revoked.flatMap((r) => [r.request_intent_id, r.renewal_intent_id]), actor, `lease revoked: ${reason}`);
    for (const row of revoked) {
      await emit(tx, auth.orgId, "lease.revoked", row.id, row.agent_id, actor, { reason, cascaded_from: row.id === leaseId ? null : leaseId });
    }
  });
  const lease = await orgDb(auth.orgId).lease.findFirstOrThrow({ where: { id: leaseId } });
  return leaseWithUsage(auth.orgId, lease);
}
