import { recordIntentUnderActivePolicy } from "../../../lib/domain/intents/record-intent";
import { intentFacts } from "../../../lib/domain/intents/intent-facts";
import { lastSeenActivePolicy } from "../../../lib/domain/policies/active-policy";
import { decide } from "../../../lib/policy";
import { ZProposeIntent } from "../../../lib/schemas/intents";
import { type BenchOrg, proposalBody } from "./bench-org";
import { closedLoop } from "./closed-loop";
import type { LoadResult } from "./propose";

/**
 * A proposal's database work alone: the one statement POST /intents writes (intent, execution
 * token, decision log, audit event, domain event), built and sent by this process over the pg
 * pool (DB_POOL_MAX must allow `connections`), with no HTTP, no authentication and no rate limit.
 * No server can propose faster than its database records proposals, so this bounds the ratio too.
 */
export async function loadProposeStatement(org: BenchOrg, action: string, connections: number, seconds: number): Promise<LoadResult> {
  const auth = { kind: "agent" as const, orgId: org.orgId, agentId: org.agentId, agentName: "bench-agent" };
  const input = ZProposeIntent.parse(JSON.parse(proposalBody(action)));
  const facts = intentFacts({ ...input, riskTags: input.risk_tags }, { id: auth.agentId, name: auth.agentName });
  return closedLoop(connections, seconds, async () => ({
    run: async () => {
      const policy = await lastSeenActivePolicy(auth.orgId);
      const recorded = await recordIntentUnderActivePolicy({ auth, input, decision: decide(policy.compiled, facts), policySnapshot: policy.snapshot });
      if (!recorded) throw new Error("the bench policy changed mid-run");
    },
  }));
}
