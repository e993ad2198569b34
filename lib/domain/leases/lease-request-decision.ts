import { type CompiledPolicy, type PolicyDecision, decide } from "../../policy";
import type { AgentPrincipal } from "../../auth/principal";

/** Intents that ask for lease authority rather than perform an action: nothing to execute. */
export const LEASE_ACTIONS = new Set(["lease.create", "lease.renew"]);

export const isLeaseRequest = (intent: { action: string; leaseId: string | null }) => Boolean(intent.leaseId) && LEASE_ACTIONS.has(intent.action);

/**
 * A lease is authority granted by a human, so its create and widening renew requests always go
 * to the queue: the policy may deny them or shape the approval (who, how many, SLA) by matching
 * `lease.create` / `lease.renew`, but an allow is raised to require_approval.
 */
export function leaseRequestDecision(
  policy: CompiledPolicy | null,
  auth: AgentPrincipal,
  request: { action: "lease.create" | "lease.renew"; stage: "create" | "renew"; amount: number | null; currency: string | null; payload: unknown },
): PolicyDecision {
  const decision = decide(policy, {
    action: request.action,
    agent: auth.agentName,
    agentId: auth.agentId,
    stage: request.stage,
    amount: request.amount,
    currency: request.currency,
    riskTags: ["lease"],
    payload: request.payload,
  });
  if (decision.outcome !== "allow") return decision;
  return {
    ...decision,
    outcome: "require_approval",
    reasonCode: "approval_required",
    reason: `Leases are granted by a human (${decision.reason})`,
    approvalsRequired: Math.max(1, decision.approvalsRequired),
  };
}
