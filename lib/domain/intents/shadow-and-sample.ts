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

/**
 * Keeps what shadow rules would have decided (for the metrics page) and copies a sampled share of
 * allowed intents to the review-after queue, in the intent's own transaction.
 */
export async function recordShadowAndSample(tx: OrgTx, orgId: string, intentId: string, decision: PolicyDecision): Promise<void> {
  const sampled = decision.outcome === "allow" && decision.sampleRate !== null && decision.ruleId !== null && inSample(intentId, decision.sampleRate);
  if (decision.shadow.length === 0 && !sampled) return;
  await tx.intent.update({
    where: { id: intentId },
    data: {
      ...(decision.shadow.length
        ? { shadowDecisions: decision.shadow.map((h) => ({ rule_id: h.ruleId, outcome: h.outcome, reason_code: h.reasonCode, ...(h.error ? { error: true } : {}) })) }
        : {}),
      ...(sampled ? { sampledRuleId: decision.ruleId } : {}),
    },
  });
  if (sampled) await tx.review.create({ data: { id: newId("rev"), orgId, intentId, ruleId: decision.ruleId as string } });
}
