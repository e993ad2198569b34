import type { AgentPrincipal } from "../../auth/principal";
import { hashCanonical } from "../../canonical-json";
import { type OrgTx, rowKey } from "../../db/scoped";
import { AppError } from "../../errors";
import { newId } from "../../ids";
import { ZProposeIntent } from "../../schemas/intents";
import type { TCreateLease } from "../../schemas/leases";
import { parseDuration } from "../../time";
import { appendAuditEvent } from "../audit/append-audit-event";
import { checkIdempotencyKey } from "../idempotency-key";
import { assignPending } from "../approvals/assign-reviewers";
import { recordIntent } from "../intents/record-intent";
import { activePolicy } from "../policies/active-policy";
import { scopeColumns } from "./lease-chain";
import { leaseRequestDecision } from "./lease-request-decision";
import { leaseWithUsage } from "./read-lease";
import { scopeFromRequest, scopeJson } from "./scope-json";
import type { AgentContext } from "../request-context";

/**
 * POST /leases: the lease starts pending_approval, with a create-stage intent in the queue whose
 * payload is exactly the scope being granted. Approval activates it (lib/domain/leases/apply-lease-resolution.ts).
 */
export async function requestLease(ctx: AgentContext, input: TCreateLease, rawIdempotencyKey: string | null) {
  const idempotencyKey = checkIdempotencyKey(rawIdempotencyKey);
  const requestHash = hashCanonical(input);
  if (idempotencyKey) {
    const replay = await findReplay(ctx, idempotencyKey, requestHash);
    if (replay) return { lease: replay, replayed: true };
  }
  try {
    const leaseId = await ctx.tx((tx) => createLease(tx, ctx.principal, input, idempotencyKey, requestHash));
    // The lease's approval request gets its reviewer before the agent is answered, as a proposal's does.
    await assignPending(ctx.orgId);
    const lease = await ctx.db.lease.findFirstOrThrow({ where: { id: leaseId } });
    return { lease: await leaseWithUsage(ctx, lease), replayed: false };
  } catch (error) {
    if (idempotencyKey && (error as { code?: string }).code === "P2002") {
      const replay = await findReplay(ctx, idempotencyKey, requestHash);
      if (replay) return { lease: replay, replayed: true };
    }
    throw error;
  }
}

async function createLease(tx: OrgTx, auth: AgentPrincipal, input: TCreateLease, idempotencyKey: string | null, requestHash: string) {
  const scope = scopeFromRequest(input, parseDuration);
  const lease = await tx.lease.create({
    data: {
      id: newId("lse"),
      orgId: auth.orgId,
      agentId: auth.agentId,
      status: "pending_approval",
      ...scopeColumns(scope),
      purpose: input.purpose ?? null,
      idempotencyKey,
      requestHash,
    },
  });
  const payload = scopeJson(scope, input.purpose);
  const { intentId, decision } = await recordLeaseRequest(tx, auth, {
    action: "lease.create",
    stage: "create",
    amount: scope.spendLimit?.amount ?? null,
    currency: scope.spendLimit?.currency ?? null,
    payload,
    lease_id: lease.id,
    summary: {
      title: `Grant ${auth.agentName} a lease: ${scope.capabilities.join(", ")} for ${payload.ttl}`,
      next_effect: `${auth.agentName} may run these actions without asking again until the lease expires`,
    },
    rationale: input.purpose ?? null,
  });
  const denied = decision.outcome === "deny";
  await tx.lease.update({
    where: rowKey(auth.orgId, lease.id),
    data: { requestIntentId: intentId, ...(denied ? { status: "revoked", revokedAt: new Date(), revocationReason: `denied by policy: ${decision.reason}` } : {}) },
  });
  await appendAuditEvent(tx, auth.orgId, {
    actor: { type: "agent", id: auth.agentId },
    type: "lease.requested",
    subject: { type: "lease", id: lease.id },
    data: { scope: payload, request_intent_id: intentId, outcome: decision.outcome },
  });
  return lease.id;
}

type LeaseRequest = Parameters<typeof leaseRequestDecision>[2] & { lease_id: string; summary: { title: string; next_effect: string }; rationale: string | null };

/** Records a lease's create or renew request, decided under the active policy as leaseRequestDecision says; it executes nothing. */
export async function recordLeaseRequest(tx: OrgTx, agent: AgentPrincipal, request: LeaseRequest) {
  const policy = await activePolicy(agent.orgId, tx);
  const decision = leaseRequestDecision(policy.compiled, agent, request);
  const input = ZProposeIntent.parse({ ...request, risk_tags: ["lease"] });
  const { id } = await recordIntent(tx, { auth: agent, input, decision, policySnapshot: policy.snapshot, issueToken: false });
  return { intentId: id, decision };
}

async function findReplay(ctx: AgentContext, key: string, requestHash: string) {
  const existing = await ctx.db.lease.findFirst({ where: { agentId: ctx.principal.agentId, idempotencyKey: key } });
  if (!existing) return null;
  if (existing.requestHash !== requestHash) {
    throw new AppError("idempotency_conflict", "This Idempotency-Key was already used with a different body");
  }
  return leaseWithUsage(ctx, existing);
}
