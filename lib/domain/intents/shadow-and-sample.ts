import { createHash } from "node:crypto";
import type { OrgTx } from "../../db/scoped";
import { newId } from "../../ids";
import type { PolicyDecision } from "../../policy";

/**
 * Whether an intent falls in a rule's random-audit sample. Derived from the intent id (uniform,
 * random ids), so it is reproducible — the same intent is always in or out — and needs no state.
 */
export function inSample(intentId: string, rate: number): boolean {
  const draw = createHash("sha256").update(`sample:${intentId}`).digest().readUInt32BE(0) / 2 ** 32;
  return draw < rate;
}

interface ProposedIntent {
  id: string;
  action: string;
  environment: string | null;
  agentId: string;
  createdAt: Date;
}

/**
 * Keeps what shadow rules would have decided (rows of shadow_hits, for the metrics page) and copies
 * a sampled share of allowed intents to the review-after queue, in the intent's own transaction.
 */
export async function recordShadowAndSample(tx: OrgTx, orgId: string, intent: ProposedIntent, decision: PolicyDecision): Promise<void> {
  const sampled = decision.outcome === "allow" && decision.sampleRate !== null && decision.ruleId !== null && inSample(intent.id, decision.sampleRate);
  if (decision.shadow.length > 0) {
    const { action, environment, agentId, createdAt } = intent;
    await tx.shadowHit.createMany({
      data: decision.shadow.map((hit) => ({
        id: newId("shd"),
        orgId,
        intentId: intent.id,
        ruleId: hit.ruleId,
        outcome: hit.outcome,
        reasonCode: hit.reasonCode,
        error: hit.error === true,
        ...{ action, environment, agentId, createdAt },
      })),
    });
  }
  if (!sampled) return;
  await tx.intent.update({ where: { id: intent.id }, data: { sampledRuleId: decision.ruleId } });
  await tx.review.create({ data: { id: newId("rev"), orgId, intentId: intent.id, ruleId: decision.ruleId as string } });
}
