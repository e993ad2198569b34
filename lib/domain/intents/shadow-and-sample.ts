import { createHash } from "node:crypto";
import { type SqlParams, insertCte, utc } from "../../db/sql";
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

/** The rule whose random-audit sample an allowed intent falls in, or null (set on the intent as sampled_rule_id). */
export function sampledRule(intentId: string, decision: PolicyDecision): string | null {
  const sampled = decision.outcome === "allow" && decision.sampleRate !== null && decision.ruleId !== null && inSample(intentId, decision.sampleRate);
  return sampled ? decision.ruleId : null;
}

interface ProposedIntent {
  id: string;
  action: string;
  environment: string | null;
  agentId: string;
  createdAt: Date;
  sampledRuleId: string | null;
}

/**
 * CTEs that keep what shadow rules would have decided (rows of shadow_hits, for the metrics page)
 * and copy a sampled intent to the review-after queue, in the statement that records the intent
 * (`gate` is its CTE). None when there is nothing to write.
 */
export function shadowAndSampleCtes(p: SqlParams, orgId: string, intent: ProposedIntent, decision: PolicyDecision, gate: string): string[] {
  const ctes: string[] = [];
  // A placeholder the statement never uses would leave its type undeterminable: add none then.
  if (decision.shadow.length === 0 && !intent.sampledRuleId) return ctes;
  const [org, intentId, createdAt] = [p.add(orgId), p.add(intent.id), p.add(utc(intent.createdAt), "timestamp(3)")];
  if (decision.shadow.length > 0) {
    const hits = decision.shadow.map((hit) => ({
      id: newId("shd"), rule_id: hit.ruleId, outcome: hit.outcome, reason_code: hit.reasonCode, error: hit.error === true,
    }));
    ctes.push(`shadow_hits_written AS (
      INSERT INTO shadow_hits (id, org_id, intent_id, rule_id, outcome, reason_code, error, action, environment, agent_id, created_at)
      SELECT hit.id, ${org}, ${intentId}, hit.rule_id, hit.outcome::"Outcome", hit.reason_code, hit.error,
        ${p.add(intent.action)}, ${p.add(intent.environment)}, ${p.add(intent.agentId)}, ${createdAt}
      FROM ${gate}, jsonb_to_recordset(${p.add(JSON.stringify(hits), "jsonb")}) AS hit(id text, rule_id text, outcome text, reason_code text, error boolean)
      RETURNING id
    )`);
  }
  if (intent.sampledRuleId) {
    ctes.push(insertCte("review", "reviews", {
      id: p.add(newId("rev")), org_id: org, intent_id: intentId, rule_id: p.add(intent.sampledRuleId), created_at: createdAt,
    }, gate));
  }
  return ctes;
}
