// Builds the three engines from one validated document and checks that they decide alike:
// the benchmark's correctness gate and the unit test share this.

import { type IntentFacts, type PolicyDocument, validatePolicy } from "../../../lib/policy";
import { createCasbinEngine } from "./casbin";
import type { DecisionEngine, EngineDecision } from "./document";
import { createJsonRulesEngine } from "./json-rules-engine";
import { createTollgateEngine } from "./tollgate";

export type Disagreement = {
  index: number;
  intent: IntentFacts;
  decisions: Record<string, EngineDecision>;
};

export function validDocument(input: unknown): PolicyDocument {
  const result = validatePolicy(input);
  if (!result.ok) throw new Error(`policy is invalid: ${JSON.stringify(result.issues.slice(0, 3))}`);
  return result.document;
}

/** Tollgate first: it is the reference the others are compared with. */
export async function createEngines(doc: PolicyDocument): Promise<DecisionEngine[]> {
  return [createTollgateEngine(doc), createJsonRulesEngine(doc), await createCasbinEngine(doc)];
}

/** The first intent on which some engine differs from the first one (outcome or rule id), or null. */
export async function findDisagreement(engines: readonly DecisionEngine[], intents: readonly IntentFacts[]): Promise<Disagreement | null> {
  for (let index = 0; index < intents.length; index++) {
    const intent = intents[index] as IntentFacts;
    const decisions: Record<string, EngineDecision> = {};
    for (const engine of engines) decisions[engine.name] = await engine.decide(intent);
    const [reference, ...others] = Object.values(decisions) as EngineDecision[];
    if (others.some((d) => d.outcome !== reference?.outcome || d.ruleId !== reference?.ruleId)) {
      return { index, intent, decisions };
    }
  }
  return null;
}
