// The demo's agents: how busy each is on a weekday, how much of that happens on weekends, when
// in the day (UTC) it works, and the mix of what it proposes. About 135 intents a weekday.
import type { UserPrincipal } from "../../lib/auth/principal";
import { createAgent } from "../../lib/domain/agents/create-agent";
import { contextOf } from "../../lib/domain/request-context";
import * as s from "./scenarios";

export interface AgentPlan {
  name: string;
  description: string;
  weekdayVolume: number;
  weekendShare: number;
  /** Relative activity per UTC hour, 0–23. */
  hours: readonly number[];
  mix: readonly (readonly [s.Scenario, number])[];
}

export interface AgentRef {
  id: string;
  name: string;
}

/** 24 hourly weights: `day` from `from` to `to` o'clock, `night` elsewhere, with overrides. */
function hours(from: number, to: number, day: number, night: number, overrides: Record<number, number> = {}): number[] {
  return Array.from({ length: 24 }, (_, h) => overrides[h] ?? (h >= from && h < to ? day : night));
}

export const OPS_AGENT: AgentPlan = {
  name: "ops-agent",
  description: "",
  weekdayVolume: 55,
  weekendShare: 0.4,
  hours: hours(8, 18, 1, 0.12, { 7: 0.5, 18: 0.6, 19: 0.5, 20: 0.4, 21: 0.25 }),
  mix: [
    [s.CRM_READS, 40],
    [s.DOC_READS, 10],
    [s.SUPPORT_REFUNDS, 17],
    [s.INTERNAL_EMAIL, 16],
    [s.CUSTOMER_EMAIL, 12],
    [s.CRM_DELETES, 5],
  ],
};

/** The agents the history adds beside ops-agent (created through createAgent; keys not kept). */
export const HISTORY_AGENTS: AgentPlan[] = [
  {
    name: "billing-bot",
    description: "Refunds and billing corrections",
    weekdayVolume: 38,
    weekendShare: 0.45,
    // A nightly reconciliation batch at 02:00 UTC.
    hours: hours(8, 19, 1, 0.08, { 2: 0.6 }),
    mix: [
      [s.REFUNDS, 85],
      [s.CRM_READS, 15],
    ],
  },
  {
    name: "deploy-bot",
    description: "Releases and rollbacks",
    weekdayVolume: 22,
    weekendShare: 0.05,
    hours: hours(9, 17, 1, 0.02, { 17: 0.3, 18: 0.2 }),
    mix: [
      [s.PROD_DEPLOYS, 50],
      [s.STAGING_DEPLOYS, 40],
      [s.ROLLBACKS, 10],
    ],
  },
  {
    name: "outreach-bot",
    description: "Customer email campaigns",
    weekdayVolume: 18,
    weekendShare: 0.1,
    hours: hours(9, 17, 1, 0.03, { 17: 0.3 }),
    mix: [
      [s.BULK_EMAIL, 45],
      [s.CUSTOMER_EMAIL, 25],
      [s.INTERNAL_EMAIL, 30],
    ],
  },
];

/** Creates the history's agents through the domain function, as an admin would. */
export async function createHistoryAgents(admin: UserPrincipal): Promise<AgentRef[]> {
  const created: AgentRef[] = [];
  for (const plan of HISTORY_AGENTS) {
    const agent = await createAgent(contextOf(admin), { name: plan.name, description: plan.description });
    created.push({ id: agent.id, name: agent.name });
  }
  return created;
}
