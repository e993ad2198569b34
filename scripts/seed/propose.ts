// One proposal of the history: the scenario's body, parsed like POST /intents parses it, decided by
// the org's compiled policy of the moment (and, inside a lease, by the lease's rule), recorded,
// and played out to its end.
import { hashCanonical } from "../../lib/canonical-json";
import { intentFacts } from "../../lib/domain/intents/intent-facts";
import { decisionWithinLease } from "../../lib/domain/leases/enforce-lease";
import type { LeaseStrength } from "../../lib/domain/leases/lease-strength";
import { decide } from "../../lib/policy";
import { ZProposeIntent } from "../../lib/schemas/intents";
import type { AgentRef } from "./agents";
import type { HistoryContext, PlannedIntent } from "./history-context";
import { playOut } from "./lifecycle";
import { recordProposal } from "./proposal-rows";
import type { ProposalBody, Scenario } from "./scenarios";

/** The lease an intent runs inside, with the strength of its approval. */
export interface LeaseRef {
  id: string;
  strength: LeaseStrength;
}

export function propose(ctx: HistoryContext, agent: AgentRef, scenario: Scenario, at: number, lease?: LeaseRef): PlannedIntent {
  const { r } = ctx;
  // How good the intent is: reviewers approve it below the scenario's approveShare; the agent's
  // recommendation is a noisy reading of the same thing.
  const merit = r.next();
  const body: ProposalBody = { ...scenario.propose(r), ...(lease ? { lease_id: lease.id } : {}) };
  if (body.context && r.chance(scenario.recommends.share)) {
    const deserves = merit < scenario.approveShare;
    const agrees = r.chance(scenario.recommends.accuracy);
    body.context.recommendation = deserves === agrees ? "approve" : "reject";
  }
  const input = ZProposeIntent.parse(body);
  const policy = ctx.policyAt(at);
  const decided = decide(policy.compiled, intentFacts({ ...input, riskTags: input.risk_tags }, agent));
  const decision = lease ? decisionWithinLease(decided, lease.id, input.stage, lease.strength) : decided;
  const intent = recordProposal(ctx, {
    agentId: agent.id, input, decision, snapshot: policy.snapshot, at, scenario, merit, requestHash: hashCanonical(input),
  });
  playOut(ctx, intent);
  return intent;
}
