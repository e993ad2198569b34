// The demo organization's last 30 days, so the metrics page, the threshold advice, the reviewer
// table, the audit trail, leases and webhooks have something to show on first sign-in. Runs once,
// right after the org's setup and before anything else happens in it:
//   1. three more agents (createAgent) and policy v2, the trial (putPolicy), through the domain;
//   2. the history planned in memory with a seeded PRNG, every intent decided by the compiled policy;
//   3. one transaction: the setup moved back in time, the history written in bulk, the audit
//      chain relinked in time order (so GET /audit/verify stays ok).
import type { UserPrincipal } from "../../lib/auth/principal";
import { orgDb } from "../../lib/db/scoped";
import { compileStored } from "../../lib/domain/policies/active-policy";
import { putPolicy } from "../../lib/domain/policies/put-policy";
import { contextOf } from "../../lib/domain/request-context";
import { type AgentRef, HISTORY_AGENTS, OPS_AGENT, createHistoryAgents } from "./agents";
import type { PolicyVersionRef } from "./history-context";
import { milestones, planHistory } from "./plan-history";
import { trialPolicy } from "./trial-policy";
import { writeHistory } from "./write-history";

export const DEFAULT_SEED = 20_260_301;

export interface HistoryInput {
  admin: UserPrincipal;
  /** The approvers and the publisher (alice, bob, pat), busiest first; the first grants the lease. */
  reviewers: UserPrincipal[];
  /** The agent the demo already has (ops-agent). */
  opsAgent: AgentRef;
  now?: Date;
  seed?: number;
}

export interface HistorySummary {
  intents: number;
  auditEvents: number;
  agents: AgentRef[];
  leaseId: string;
  webhookId: string;
}

export async function seedHistory(input: HistoryInput): Promise<HistorySummary> {
  const { admin } = input;
  const now = (input.now ?? new Date()).getTime();
  const before = await activeVersion(admin.orgId);
  const agents = await createHistoryAgents(admin);
  await putPolicy(contextOf(admin), trialPolicy(before.source), "yaml");
  const trial = await activeVersion(admin.orgId);
  const times = milestones(now);
  const billing = agents[HISTORY_AGENTS.findIndex((plan) => plan.name === "billing-bot")];
  const store = planHistory({
    orgId: admin.orgId,
    seed: input.seed ?? DEFAULT_SEED,
    times,
    admin,
    reviewers: input.reviewers,
    agents: [{ plan: OPS_AGENT, ref: input.opsAgent }, ...HISTORY_AGENTS.map((plan, i) => ({ plan, ref: agents[i] }))],
    leaseAgent: billing,
    policies: { before, trial },
  });
  const written = await writeHistory(store, { setupAt: times.setupAt, trialAt: times.trialAt, trialSnapshot: trial.snapshot });
  return { ...written, agents, leaseId: store.leases[0].id as string, webhookId: store.webhooks[0].id as string };
}

/** The org's newest policy version, compiled as the server compiles a stored document. */
async function activeVersion(orgId: string): Promise<PolicyVersionRef & { source: string }> {
  const latest = await orgDb(orgId).policyVersion.findFirst({ orderBy: { version: "desc" } });
  if (!latest) throw new Error("The demo history needs the demo policy in place first");
  return { snapshot: latest.snapshot, source: latest.source, compiled: compileStored(latest.document) };
}
