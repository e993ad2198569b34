import type { CompiledPolicy } from "./compile-policy";
import { type DecisionPair, FAIL_CLOSED } from "./decision-fields";
import type { IntentFacts, PolicyDecision } from "./types";

/**
 * The policy's decision for one intent: the first rule (priority desc, then document order)
 * whose match and when both hold decides; otherwise the document default. No policy → fail
 * closed (require_approval). A rule that throws → require_approval, never a lower rule.
 */
export function decide(policy: CompiledPolicy | null | undefined, facts: IntentFacts): PolicyDecision {
  const publish = facts.stage === "publish";
  if (!policy) return pick(FAIL_CLOSED, publish);
  const rules = policy.rules;
  let i = 0;
  try {
    for (; i < rules.length; i++) {
      if (rules[i]?.test(facts)) break;
    }
  } catch {
    // e.g. a payload getter that throws; rules[i] is the rule being evaluated.
    const rule = rules[i];
    return pick(rule ? rule.errorDecisions : FAIL_CLOSED, publish);
  }
  const rule = rules[i];
  return pick(rule ? rule.decisions : policy.defaultDecisions, publish);
}

// A fresh object each call: callers may annotate or mutate their decision.
function pick(pair: DecisionPair, publish: boolean): PolicyDecision {
  return { ...(publish ? pair.publish : pair.other) };
}
