import { disconnectDb } from "../../../lib/db/client";
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
 * pool with no HTTP, no authentication and no rate limit. `connections` callers share `poolMax`
 * connections — the server's own budget (processes × DB_POOL_MAX), so the database sees the same
 * concurrency it gets from the server. TOLLGATE_SECRET must be set (the execution token).
 * No server can propose faster than its database records proposals, so this bounds the ratio too.
 */
export async function loadProposeStatement(org: BenchOrg, action: string, connections: number, seconds: number, poolMax: number): Promise<LoadResult> {
  const auth = { kind: "agent" as const, orgId: org.orgId, agentId: org.agentId, agentName: "bench-agent" };
  const input = ZProposeIntent.parse(JSON.parse(proposalBody(action)));
  const facts = intentFacts({ ...input, riskTags: input.risk_tags }, { id: auth.agentId, name: auth.agentName });
  // This process's pool, sized for the run and closed after it, so its idle connections do not
  // count against max_connections in the next one (the server's pools and raw INSERT's need room).
  await disconnectDb();
  process.env.DB_POOL_MAX = String(poolMax);
  const result = await closedLoop(connections, seconds, async () => ({
    run: async () => {
      const policy = await lastSeenActivePolicy(auth.orgId);
      const recorded = await recordIntentUnderActivePolicy({ auth, input, decision: decide(policy.compiled, facts), policySnapshot: policy.snapshot });
      if (!recorded) throw new Error("the bench policy changed mid-run");
    },
  }));
  await disconnectDb();
  return result;
}
