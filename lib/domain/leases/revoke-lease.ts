import { utc } from "../../db/sql";
import { AppError, notFound } from "../../errors";
import { roleAtLeast } from "../../roles";
import { emit } from "./apply-lease-resolution";
import { cancelLeaseRequests } from "./cancel-lease-requests";
import { findLease, leaseWithUsage } from "./read-lease";
import type { RequestContext } from "../request-context";

/**
 * POST /leases/{id}/revoke, by a member (approver+) or the agent holding it: revoked in this
 * commit, with every lease delegated from it; requests still waiting for a human are cancelled.
 * Intents proposed from now on are denied with lease_revoked.
 */
export async function revokeLease(ctx: RequestContext, leaseId: string, input: { reason?: string }) {
  const auth = ctx.principal;
  await ctx.tx(async (tx) => {
    const locked = await ctx.sql((p) => `SELECT id FROM leases WHERE id = ${p.add(leaseId)} AND org_id = ${p.org} FOR UPDATE`, tx);
    if (locked.length === 0) throw notFound("Lease");
    const lease = await findLease(ctx, leaseId, tx);
    if (auth.kind === "user" && !roleAtLeast(auth.role, "approver")) throw new AppError("forbidden", "Revoking a lease needs the approver role");
    if (lease.status === "revoked") throw new AppError("conflict", "The lease is already revoked");
    const now = new Date();
    const reason = input.reason ?? (auth.kind === "agent" ? "revoked by the agent" : "revoked by a member");
    const revoked = await ctx.sql<{ id: string; agent_id: string; request_intent_id: string | null; renewal_intent_id: string | null }>((p) => `
      WITH RECURSIVE tree AS (
        SELECT id FROM leases WHERE id = ${p.add(leaseId)} AND org_id = ${p.org}
        UNION ALL
        SELECT l.id FROM leases l JOIN tree t ON l.parent_lease_id = t.id WHERE l.org_id = ${p.org}
      ),
      before AS (SELECT id, renewal_intent_id FROM leases WHERE org_id = ${p.org} AND id IN (SELECT id FROM tree))
      UPDATE leases l SET status = 'revoked', revoked_at = ${p.add(utc(now), "timestamp(3)")}, revocation_reason = ${p.add(reason)}, renewal_intent_id = NULL
      FROM before b WHERE l.org_id = ${p.org} AND l.id = b.id AND l.status <> 'revoked'
      RETURNING l.id, l.agent_id, l.request_intent_id, b.renewal_intent_id`, tx);
    // Requests still waiting for a human (a pending create, a renewal) are withdrawn with the lease.
    await cancelLeaseRequests(ctx, tx, revoked.flatMap((r) => [r.request_intent_id, r.renewal_intent_id]), `lease revoked: ${reason}`);
    for (const row of revoked) {
      await emit(tx, ctx.orgId, "lease.revoked", row.id, row.agent_id, ctx.actor, { reason, cascaded_from: row.id === leaseId ? null : leaseId });
    }
  });
  const lease = await ctx.db.lease.findFirstOrThrow({ where: { id: leaseId } });
  return leaseWithUsage(ctx, lease);
}
