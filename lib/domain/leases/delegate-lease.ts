import { AppError, notFound } from "../../errors";
import { newId } from "../../ids";
import type { TDelegateLease } from "../../schemas/leases";
import { parseDuration } from "../../time";
import { emit } from "./apply-lease-resolution";
import { chainStrength, strengthColumns } from "./lease-strength";
import { lockLeaseChain, scopeColumns, scopeOf } from "./lease-chain";
import { isWithin } from "./lease-scope";
import { leaseWithUsage } from "./read-lease";
import { scopeFromRequest, scopeJson } from "./scope-json";
import { setting } from "../../config.mjs";
import type { AgentContext } from "../request-context";

/**
 * How many hands authority may pass through below a human grant (LEASE_MAX_DEPTH, default 2).
 * A value that is not a whole number falls back to the default: NaN would compare false and
 * lift the limit altogether.
 */
export function maxDelegationDepth(): number {
  return setting("LEASE_MAX_DEPTH");
}

const refuse = (reasonCode: string, message: string) => new AppError("forbidden", message, { reason_code: reasonCode });

/**
 * POST /leases/{id}/delegate: the holder hands another agent of its org a sub-lease, active at
 * once because it grants nothing the human did not: its scope must lie within the parent's, it
 * ends no later, its spend also counts against the parent, and revoking the parent revokes it.
 */
export async function delegateLease(ctx: AgentContext, leaseId: string, input: TDelegateLease) {
  const childId = await ctx.tx(async (tx) => {
    const chain = await lockLeaseChain(ctx, tx, leaseId);
    const parent = chain[0];
    if (!parent || parent.agentId !== ctx.principal.agentId) throw notFound("Lease");
    const now = new Date();
    if (parent.status !== "active" && parent.status !== "expiring_soon") throw new AppError("conflict", `The lease is ${parent.status}; only an active lease can be delegated`);
    if (parent.expiresAt && parent.expiresAt <= now) throw new AppError("conflict", "The lease has expired");
    if (parent.depth + 1 > maxDelegationDepth()) {
      throw refuse("delegation_depth_exceeded", `Delegation depth is limited to ${maxDelegationDepth()}`);
    }
    const target = await tx.agent.findFirst({ where: { deletedAt: null, OR: [{ id: input.agent }, { name: input.agent }] } });
    if (!target) throw notFound("Agent");
    if (target.id === ctx.principal.agentId) throw new AppError("conflict", "An agent cannot delegate to itself");
    const scope = scopeFromRequest(input, parseDuration);
    for (const ancestor of chain) {
      if (!isWithin(scopeOf(ancestor), scope)) throw refuse("scope_escalation", "A sub-lease must stay within the delegating lease's scope");
    }
    const requestedEnd = now.getTime() + scope.ttlSeconds * 1000;
    const expiresAt = new Date(Math.min(requestedEnd, parent.expiresAt?.getTime() ?? requestedEnd));
    const child = await tx.lease.create({
      data: {
        id: newId("lse"),
        orgId: ctx.orgId,
        agentId: target.id,
        status: "active",
        ...scopeColumns(scope),
        purpose: input.purpose ?? null,
        parentLeaseId: parent.id,
        depth: parent.depth + 1,
        activatedAt: now,
        expiresAt,
        approvedScope: scopeJson(scope, input.purpose),
        // A delegated lease carries its parent chain's approval strength, never more.
        ...strengthColumns(chainStrength(chain)),
      },
    });
    await emit(tx, ctx.orgId, "lease.delegated", child.id, target.id, ctx.actor, {
      parent_lease_id: parent.id,
      scope: scopeJson(scope, input.purpose),
    });
    return child.id;
  });
  const child = await ctx.db.lease.findFirstOrThrow({ where: { id: childId } });
  return leaseWithUsage(ctx, child);
}
