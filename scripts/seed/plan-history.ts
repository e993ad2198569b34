// Plans the demo organization's last 30 days in memory: every agent's proposals on its daily and
// hourly rhythm, decided and played out (propose.ts, lifecycle.ts), the lease and its backlog, the
// webhook and its deliveries. Nothing touches the database here.
import type { UserPrincipal } from "../../lib/auth/principal";
import type { AgentPlan, AgentRef } from "./agents";
import { DAY, HOUR, MINUTE, isWeekend, startOfDay, workdayAt } from "./clock";
import type { HistoryContext, PolicyVersionRef } from "./history-context";
import { historyIds } from "./history-ids";
import { HistoryStore } from "./history-store";
import { leaseStory } from "./lease-story";
import { propose } from "./propose";
import { seededRandom, type Random } from "./random";
import { reviewerPool } from "./reviewers";
import { webhookStory } from "./webhook-story";

/** When things happen, relative to the moment of seeding. */
export interface Milestones {
  /** The org's setup (bootstrap, members, policy v1, agents) is moved back to here. */
  setupAt: number;
  /** The first and last proposal of the history. */
  start: number;
  lastProposal: number;
  /** Policy v2 (the trial) is published. */
  trialAt: number;
  webhookAt: number;
  leaseAt: number;
  outageAt: number;
  webhookOffAt: number;
  /** Everything in the history happens before this. */
  end: number;
}

export function milestones(now: number): Milestones {
  const start = now - 29 * DAY - 20 * HOUR;
  return {
    setupAt: start - 2 * HOUR,
    start,
    lastProposal: now - 3 * HOUR,
    trialAt: workdayAt(now - 16 * DAY, 10.5),
    webhookAt: workdayAt(now - 21 * DAY, 14),
    leaseAt: workdayAt(now - 6 * DAY, 9.2),
    outageAt: now - 3 * DAY - 4 * HOUR,
    webhookOffAt: now - 2 * DAY - 6 * HOUR,
    end: now - 15 * MINUTE,
  };
}

export interface HistoryPlan {
  orgId: string;
  seed: number;
  times: Milestones;
  admin: UserPrincipal;
  /** The approvers and the publisher, busiest first. */
  reviewers: UserPrincipal[];
  agents: { plan: AgentPlan; ref: AgentRef }[];
  /** The lease's agent (billing-bot). */
  leaseAgent: AgentRef;
  policies: { before: PolicyVersionRef; trial: PolicyVersionRef };
}

export function planHistory(plan: HistoryPlan): HistoryStore {
  const { times } = plan;
  const r = seededRandom(plan.seed);
  const ctx: HistoryContext = {
    store: new HistoryStore(plan.orgId, historyIds(plan.orgId)),
    r,
    end: times.end,
    reviewers: reviewerPool(plan.admin, plan.reviewers),
    policyAt: (t) => (t < times.trialAt ? plan.policies.before : plan.policies.trial),
  };
  for (const { plan: agentPlan, ref } of plan.agents) {
    for (const at of proposalTimes(r, agentPlan, times.start, times.lastProposal)) propose(ctx, ref, r.weighted(agentPlan.mix), at);
  }
  leaseStory(ctx, plan.leaseAgent, plan.reviewers[0], times.leaseAt, times.lastProposal);
  // Last: the deliveries are made for the events everything above recorded.
  webhookStory(ctx, plan.admin.userId, { createdAt: times.webhookAt, outageAt: times.outageAt, disabledAt: times.webhookOffAt });
  return ctx.store;
}

/** The agent's proposal times in [from, to): its weekday volume (less on weekends, ±20 % a day) spread over its hours. */
function proposalTimes(r: Random, plan: AgentPlan, from: number, to: number): number[] {
  const hours = plan.hours.map((weight, hour) => [hour, weight] as const);
  const times: number[] = [];
  for (let day = startOfDay(from); day < to; day += DAY) {
    const count = Math.round(plan.weekdayVolume * (isWeekend(day) ? plan.weekendShare : 1) * r.between(0.8, 1.2));
    for (let i = 0; i < count; i++) {
      const at = Math.round(day + (r.weighted(hours) + r.next()) * HOUR);
      if (at >= from && at < to) times.push(at);
    }
  }
  return times.sort((a, b) => a - b);
}
