import { hashCanonical } from "../canonical-json";
import { compileCondition, type FactTest } from "./compile-condition";
import { type DecisionPair, defaultDecisions, errorDecisions, ruleDecisions } from "./decision-fields";
import { compilePatterns } from "./glob";
import type { PolicyDocument, PolicyRule, TPolicyMatch } from "./schema";
import type { Outcome } from "./types";

// Compiled once per policy snapshot so that deciding is a walk over closures: rules in
// evaluation order, match patterns turned into string tests, field paths pre-split,
// decisions pre-built.

export type CompiledRule = {
  readonly id: string;
  readonly priority: number;
  /** Position in the document; breaks priority ties. */
  readonly index: number;
  readonly outcome: Outcome;
  /** match ∧ when */
  readonly test: FactTest;
  readonly decisions: DecisionPair;
  readonly errorDecisions: DecisionPair;
};

export type CompiledPolicy = {
  readonly version: number;
  readonly defaultOutcome: Outcome;
  /** Evaluation order: priority descending, ties in document order. */
  readonly rules: readonly CompiledRule[];
  readonly defaultDecisions: DecisionPair;
};

export function compilePolicy(doc: PolicyDocument): CompiledPolicy {
  const defaultOutcome = doc.default ?? "require_approval";
  const rules = (doc.rules ?? [])
    .map((rule, index) => compileRule(rule, index))
    .sort((a, b) => b.priority - a.priority || a.index - b.index);
  return Object.freeze({
    version: doc.version ?? 1,
    defaultOutcome,
    rules: Object.freeze(rules),
    defaultDecisions: defaultDecisions(defaultOutcome),
  });
}

/** "sha256:<hex>" of the canonical JSON of the document with defaults applied. */
export function policySnapshot(doc: PolicyDocument): string {
  return hashCanonical({
    ...doc,
    version: doc.version ?? 1,
    default: doc.default ?? "require_approval",
    rules: (doc.rules ?? []).map((rule) => ({ ...rule, priority: rule.priority ?? 0 })),
  });
}

function compileRule(rule: PolicyRule, index: number): CompiledRule {
  const tests = rule.match ? compileMatch(rule.match) : [];
  if (rule.when) tests.push(compileCondition(rule.when));
  return Object.freeze({
    id: rule.id,
    priority: rule.priority ?? 0,
    index,
    outcome: rule.decision,
    test: allOf(tests),
    decisions: ruleDecisions(rule),
    errorDecisions: errorDecisions(rule),
  });
}

// Every given key must match; a key whose intent field is missing or null fails the match.
// Cheap equality-style keys come first so most rules are rejected after one comparison.
function compileMatch(match: TPolicyMatch): FactTest[] {
  const tests: FactTest[] = [];
  if (match.stage !== undefined) {
    const stages = new Set<string>(typeof match.stage === "string" ? [match.stage] : match.stage);
    tests.push((f) => stages.has(f.stage));
  }
  if (match.action !== undefined) {
    const test = compilePatterns(match.action);
    tests.push((f) => typeof f.action === "string" && test(f.action));
  }
  if (match.environment !== undefined) {
    const test = compilePatterns(match.environment);
    tests.push((f) => typeof f.environment === "string" && test(f.environment));
  }
  if (match.agent !== undefined) {
    // An agent may be named in policy by its name or by its id.
    const test = compilePatterns(match.agent);
    tests.push(
      (f) => (typeof f.agent === "string" && test(f.agent)) || (typeof f.agentId === "string" && test(f.agentId)),
    );
  }
  if (match.destination !== undefined) {
    const test = compilePatterns(match.destination);
    tests.push((f) => typeof f.destination === "string" && test(f.destination));
  }
  if (match.risk_tags !== undefined) {
    // All listed tags must be carried; a listed glob is satisfied by any one intent tag.
    const wanted = (typeof match.risk_tags === "string" ? [match.risk_tags] : match.risk_tags).map((p) =>
      compilePatterns(p),
    );
    tests.push((f) => {
      const tags = f.riskTags;
      if (!Array.isArray(tags)) return false;
      for (let w = 0; w < wanted.length; w++) {
        const test = wanted[w] as (s: string) => boolean;
        let found = false;
        for (let t = 0; t < tags.length && !found; t++) {
          const tag = tags[t];
          found = typeof tag === "string" && test(tag);
        }
        if (!found) return false;
      }
      return true;
    });
  }
  return tests;
}

function allOf(tests: FactTest[]): FactTest {
  if (tests.length === 0) return () => true;
  if (tests.length === 1) return tests[0] as FactTest;
  if (tests.length === 2) {
    const [a, b] = tests as [FactTest, FactTest];
    return (f) => a(f) && b(f);
  }
  return (f) => {
    for (let i = 0; i < tests.length; i++) if (!(tests[i] as FactTest)(f)) return false;
    return true;
  };
}
