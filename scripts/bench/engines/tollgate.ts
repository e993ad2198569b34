// Tollgate's own engine, behind the same interface as the others: compile once, decide per intent.

import { compilePolicy, decide, type PolicyDocument } from "../../../lib/policy";
import type { DecisionEngine } from "./document";

export function createTollgateEngine(doc: PolicyDocument): DecisionEngine {
  const policy = compilePolicy(doc);
  return {
    name: "tollgate",
    sync: true,
    decide: (facts) => {
      const d = decide(policy, facts);
      return { outcome: d.outcome, ruleId: d.ruleId };
    },
  };
}
