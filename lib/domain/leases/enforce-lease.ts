import type { AgentPrincipal } from "../../auth/principal";
import type { OrgTx } from "../../db/scoped";
import { notFound } from "../../errors";
import type { Lease } from "../../generated/prisma/client";
import type { PolicyDecision, Stage } from "../../policy";
import type { TProposeIntent } from "../../schemas/intents";
import { LEASE_ACTIONS } from "./apply-lease-resolution";
import { lockLeaseChain, scopeOf, spentInWindow } from "./lease-chain";
import { matchesAny } from "./lease-scope";
import { noteExpiringSoon } from "./note-expiring-soon";

type Refusal = { reasonCode: string; reason: string };

/**
 * An intent carrying a lease is checked against the lease (and every lease it was delegated from)
 * before the policy may let anything through. Inside the lease, a run-stage intent the policy
 * would send to a human is allowed; publish-stage intents always keep the policy's gates, and a
 * policy deny stays a deny.
 */
export async function enforceLease(tx: OrgTx, auth: AgentPrincipal, input: TProposeIntent, decision: PolicyDecision): Promise<PolicyDecision> {
  const chain = await lockLeaseChain(tx, auth.orgId, input.lease_id as string);
  const lease = chain[0];
  if (!lease || lease.agentId !== auth.agentId) throw notFound("Lease");
  const now = new Date();
  const refusal = refuseByState(chain, now) ?? refuseByScope(chain, input) ?? (await refuseBySpend(tx, auth.orgId, chain, input, now));
  if (refusal) {
    return { ...decision, outcome: "deny", ruleId: null, ...refusal, approvalsRequired: 0, stepUpRequired: false, slaSeconds: null };
  }
  await noteExpiringSoon(tx, auth.orgId, lease, now);
  return decisionWithinLease(decision, lease.id, input.stage);
}

/**
 * The policy's decision for an intent that passed every lease check: a run-stage intent the
 * policy would send to a human is allowed; anything else keeps the policy's decision.
 */
export function decisionWithinLease(decision: PolicyDecision, leaseId: string, stage: Stage): PolicyDecision {
  if (decision.outcome !== "require_approval" || stage !== "run") return decision;
  return {
    ...decision,
    outcome: "allow",
    reasonCode: "within_lease",
    reason: `Within lease ${leaseId}; rule ${decision.ruleId ?? "default"} would otherwise ask a human (${decision.reason})`,
    approvalsRequired: 0,
    stepUpRequired: false,
    slaSeconds: null,
  };
}

function refuseByState(chain: Lease[], now: Date): Refusal | null {
  for (const lease of chain) {
    const self = lease === chain[0] ? "The lease" : `Parent lease ${lease.id}`;
    if (lease.status === "revoked") return { reasonCode: "lease_revoked", reason: `${self} was revoked` };
    if (lease.status === "pending_approval") return { reasonCode: "lease_not_active", reason: `${self} has not been approved yet` };
    if (lease.status === "expired" || (lease.expiresAt && lease.expiresAt <= now)) {
      return { reasonCode: "lease_expired", reason: `${self} expired at ${lease.expiresAt?.toISOString()}` };
    }
  }
  return null;
}

/** Whose limit it is, in a refusal: the agent must know when a lease above its own is the one that binds. */
const whose = (chain: Lease[], lease: Lease) => (lease === chain[0] ? "the lease's" : `parent lease ${lease.id}'s`);

function refuseByScope(chain: Lease[], input: TProposeIntent): Refusal | null {
  // lease.create / lease.renew name the lease routes' own requests, which never count as spend
  // (lease-chain.ts) and carry authority when approved. Proposed by hand under a lease, even one
  // whose capabilities are "*", they would do both without the routes' checks.
  if (LEASE_ACTIONS.has(input.action)) {
    return { reasonCode: "out_of_scope", reason: `${input.action} is requested through the lease routes, not proposed as an intent` };
  }
  for (const lease of chain) {
    if (!matchesAny(lease.capabilities, input.action)) {
      return { reasonCode: "out_of_scope", reason: `Action ${input.action} is outside ${whose(chain, lease)} capabilities (${lease.capabilities.join(", ")})` };
    }
    if (lease.destinations.length > 0 && !(input.destination && matchesAny(lease.destinations, input.destination))) {
      return {
        reasonCode: "out_of_scope",
        reason: `Destination ${input.destination ?? "(none)"} is outside ${whose(chain, lease)} destinations (${lease.destinations.join(", ")})`,
      };
    }
  }
  return null;
}

async function refuseBySpend(tx: OrgTx, orgId: string, chain: Lease[], input: TProposeIntent, now: Date): Promise<Refusal | null> {
  const amount = Math.max(input.amount ?? 0, 0);
  for (const lease of chain) {
    const limit = scopeOf(lease).spendLimit;
    if (!limit || input.amount === null || input.amount === undefined) continue;
    const currency = input.currency?.toUpperCase() ?? limit.currency;
    if (currency !== limit.currency) {
      return { reasonCode: "out_of_scope", reason: `Amount in ${currency} is outside ${whose(chain, lease)} ${limit.currency} spend limit` };
    }
    const { spent } = await spentInWindow(tx, orgId, lease.id, new Date(now.getTime() - limit.windowSeconds * 1000));
    if (spent + amount > limit.amount) {
      return {
        reasonCode: "spend_limit_exceeded",
        reason: `${amount} ${currency} would exceed ${whose(chain, lease)} limit: ${spent} of ${limit.amount} already spent in the window`,
      };
    }
  }
  return null;
}
