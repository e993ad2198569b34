import type { IntentFacts, Stage } from "../../policy";

type IntentLike = {
  action: string; stage: Stage; environment?: string | null; destination?: string | null;
  amount?: number | { toNumber(): number } | null; currency?: string | null; riskTags: string[];
  payload?: unknown; context?: unknown;
};

/** What the policy engine sees of an intent, from a proposal or a stored row alike. */
export function intentFacts(intent: IntentLike, agent: { id: string; name: string }): IntentFacts {
  return {
    action: intent.action,
    agent: agent.name,
    agentId: agent.id,
    stage: intent.stage,
    environment: intent.environment ?? null,
    destination: intent.destination ?? null,
    amount: toNumber(intent.amount),
    currency: intent.currency ?? null,
    riskTags: intent.riskTags,
    payload: intent.payload,
    context: intent.context ?? undefined,
  };
}

export function toNumber(value: number | { toNumber(): number } | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  return typeof value === "number" ? value : value.toNumber();
}
