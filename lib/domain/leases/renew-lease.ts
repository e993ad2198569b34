import type { AgentPrincipal } from "../../auth/principal";
import { assignIntent } from "../approvals/assign-reviewers";
import { type OrgTx, rowKey } from "../../db/scoped";
import { AppError } from "../../errors";
import type { TRenewLease } from "../../schemas/leases";
import { parseDuration } from "../../time";
import { emit } from "./apply-lease-resolution";
import { applyScope } from "./apply-scope";
import { lockLeaseChain, scopeOf } from "./lease-chain";
import { type LeaseScope, isWithin } from "./lease-scope";
import { leaseWithUsage } from "./read-lease";
import { recordLeaseRequest } from "./request-lease";
import { scopeJson } from "./scope-json";
import type { RequestContext } from "../request-context";

/**
 * POST /leases/{id}/renew. A narrowing (nothing the lease did not already allow, ending no later)
 * applies at once. Anything wider becomes a renew-stage approval decided by the policy, whoever
 * asks: one member must not widen authority past the count, role and step-up the policy sets for
 * renewals (a member who asked may still approve it through the approve route, under its rules).
 * A delegated lease never outgrows its parent.
 */
export async function renewLease(ctx: RequestContext, leaseId: string, input: TRenewLease) {
  const auth = ctx.principal;
  const outcome = await ctx.tx(async (tx) => {
    const chain = await lockLeaseChain(ctx, tx, leaseId);
    const lease = chain[0];
    if (!lease || (auth.kind === "agent" && lease.agentId !== auth.agentId)) throw new AppError("not_found", "Lease not found");
    if (auth.kind === "user" && !["approver", "publisher", "admin"].includes(auth.role)) throw new AppError("forbidden", "Renewing a lease needs the approver role");
    if (lease.status !== "active" && lease.status !== "expiring_soon") throw new AppError("conflict", `The lease is ${lease.status}; only an active lease can be renewed`);
    const current = scopeOf(lease);
    const requested: LeaseScope = {
      capabilities: input.capabilities ?? current.capabilities,
      destinations: input.destinations ?? current.destinations,
      spendLimit: input.spend_limit === undefined ? current.spendLimit : input.spend_limit ? { ...input.spend_limit, windowSeconds: parseDuration(input.spend_limit.window) ?? 86_400 } : null,
      ttlSeconds: parseDuration(input.ttl) ?? current.ttlSeconds,
    };
    const now = Date.now();
    const newExpiry = new Date(now + requested.ttlSeconds * 1000);
    const parent = chain[1];
    if (parent && (!isWithin(scopeOf(parent), requested) || (parent.expiresAt && newExpiry > parent.expiresAt))) {
      throw new AppError("forbidden", "A delegated lease cannot outgrow the lease it was delegated from", { reason_code: "scope_escalation" });
    }
    const narrowing = isWithin(current, requested) && lease.expiresAt !== null && newExpiry <= lease.expiresAt;
    if (narrowing) {
      await applyScope(tx, ctx.orgId, lease.id, requested, newExpiry);
      await emit(tx, ctx.orgId, "lease.narrowed", lease.id, lease.agentId, ctx.actor, {
        scope: scopeJson(requested),
        reason: input.reason ?? null,
      });
      return { applied: true as const, renewal_intent_id: null };
    }
    if (lease.renewalIntentId) throw new AppError("conflict", "A renewal of this lease is already waiting for approval");
    const renewalIntentId = await requestRenewal(ctx, tx, lease, current, requested, input.reason);
    return { applied: false as const, renewal_intent_id: renewalIntentId };
  });
  // A renewal that waits for approval gets its reviewer before the caller is answered.
  if (outcome.renewal_intent_id) await assignIntent(ctx.orgId, outcome.renewal_intent_id, "new");
  const lease = await ctx.db.lease.findFirstOrThrow({ where: { id: leaseId } });
  return { ...(await leaseWithUsage(ctx, lease)), renewal: outcome };
}

async function requestRenewal(
  ctx: RequestContext,
  tx: OrgTx,
  lease: { id: string; agentId: string },
  current: LeaseScope,
  requested: LeaseScope,
  reason: string | undefined,
): Promise<string> {
  // The renewal is the lease's agent's intent whoever asked: the policy matches on that agent, and
  // separate_duties keeps its owner from approving it.
  const holder = await tx.agent.findFirstOrThrow({ where: { id: lease.agentId }, select: { id: true, name: true } });
  const agent: AgentPrincipal = { kind: "agent", orgId: ctx.orgId, agentId: holder.id, agentName: holder.name };
  const requester = ctx.actor;
  const payload = { lease_id: lease.id, current: scopeJson(current), requested: scopeJson(requested), requested_by: requester };
  const { intentId, decision } = await recordLeaseRequest(tx, agent, {
    action: "lease.renew",
    stage: "renew",
    amount: requested.spendLimit?.amount ?? null,
    currency: requested.spendLimit?.currency ?? null,
    payload,
    lease_id: lease.id,
    summary: { title: `Renew ${agent.agentName}'s lease for ${payload.requested.ttl}`, next_effect: "The lease continues with the requested scope" },
    rationale: reason ?? null,
  });
  // A refused renewal leaves nothing behind: the throw rolls the recorded request back with the transaction.
  if (decision.outcome === "deny") throw new AppError("forbidden", `The policy refuses this renewal: ${decision.reason}`, { reason_code: decision.reasonCode });
  await tx.lease.update({ where: rowKey(ctx.orgId, lease.id), data: { renewalIntentId: intentId } });
  await emit(tx, ctx.orgId, "lease.renewal_requested", lease.id, lease.agentId, requester, { renewal_intent_id: intentId, requested: payload.requested });
  return intentId;
}
