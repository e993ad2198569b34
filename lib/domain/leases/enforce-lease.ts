import type { OrgTx } from "../../db/scoped";
import { notFound } from "../../errors";
import type { Lease } from "../../generated/prisma/client";
import type { PolicyDecision, Stage } from "../../policy";
import type { TProposeIntent } from "../../schemas/intents";
import type { AgentContext } from "../request-context";
import { LEASE_ACTIONS } from "./lease-request-decision";
import { chainRefusal, lockLeaseChain, scopeOf, spentInWindow } from "./lease-chain";
import { matchesAny } from "./lease-scope";
import { type LeaseStrength, chainStrength, covers, describeShortfall } from "./lease-strength";
import { noteExpiringSoon } from "./note-expiring-soon";

type Refusal = { reasonCode: string; reason: string };

/**
 * An intent carrying a lease is checked against the lease (and every lease it was delegated from)
 * before the policy may let anything through. Inside the lease, a run-stage intent the policy
 * would send to a human is allowed only where the lease's own approval is at least that gate;
 * publish-stage intents always keep the policy's gates, and a policy deny stays a deny.
 */
export async function enforceLease(ctx: AgentContext, tx: OrgTx, input: TProposeIntent, decision: PolicyDecision): Promise<PolicyDecision> {
  const chain = await lockLeaseChain(ctx, tx, input.lease_id as string);
  const lease = chain[0];
  if (!lease || lease.agentId !== ctx.principal.agentId) throw notFound("Lease");
  const now = new Date();
  const refusal = chainRefusal(chain, now) ?? refuseByScope(chain, input) ?? (await refuseBySpend(ctx, tx, chain, input, now));
  if (refusal) {
    return { ...decision, outcome: "deny", ruleId: null, ...refusal, approvalsRequired: 0, stepUpRequired: false, slaSeconds: null };
  }
  await noteExpiringSoon(tx, ctx.orgId, lease, now);
  return decisionWithinLease(decision, lease.id, input.stage, chainStrength(chain));
}

/**
 * The policy's decision for an intent that passed every lease check: a run-stage intent the
 * policy would send to a human is allowed when the lease chain's approval covers that gate, and
 * otherwise stays in the queue with a reason saying why the lease did not cover it.
 */
export function decisionWithinLease(decision: PolicyDecision, leaseId: string, stage: Stage, strength: LeaseStrength): PolicyDecision {
  if (decision.outcome !== "require_approval" || stage !== "run") return decision;
  if (!covers(strength, decision)) {
    return { ...decision, reason: `${decision.reason} (lease ${leaseId} does not cover this gate: ${describeShortfall(strength, decision)})` };
  }
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

async function refuseBySpend(ctx: AgentContext, tx: OrgTx, chain: Lease[], input: TProposeIntent, now: Date): Promise<Refusal | null> {
  const amount = Math.max(input.amount ?? 0, 0);
  for (const lease of chain) {
    const limit = scopeOf(lease).spendLimit;
    if (!limit) continue;
    // Uncounted spend would walk around the cap: under a spend limit an intent must say what it spends.
    if (input.amount === null || input.amount === undefined) {
      return { reasonCode: "out_of_scope", reason: `Under ${whose(chain, lease)} spend limit every intent must carry an amount; this one has none` };
    }
    const currency = input.currency?.toUpperCase() ?? limit.currency;
    if (currency !== limit.currency) {
      return { reasonCode: "out_of_scope", reason: `Amount in ${currency} is outside ${whose(chain, lease)} ${limit.currency} spend limit` };
    }
    const { spent } = await spentInWindow(ctx, lease.id, new Date(now.getTime() - limit.windowSeconds * 1000), tx);
    if (spent + amount > limit.amount) {
      return {
        reasonCode: "spend_limit_exceeded",
        reason: `${amount} ${currency} would exceed ${whose(chain, lease)} limit: ${spent} of ${limit.amount} already spent in the window`,
      };
    }
  }
  return null;
}
