import { hashCanonical } from "../canonical-json";
import { compileCondition, type FactTest } from "./compile-condition";
import { type DecisionPair, defaultDecisions, errorDecisions, ruleDecisions } from "./decision-fields";
import { compileMatch } from "./compile-match";
import type { PolicyDocument, PolicyRule } from "./schema";
import { type Outcome, STAGES } from "./types";

// Compiled once per policy snapshot so that deciding is a walk over closures: rules in
// evaluation order, match patterns turned into string tests, field paths pre-split,
// decisions pre-built, and two cheap pre-filters (an index by exact action name and a stage
// bit mask) so most non-matching rules are skipped without calling into them.

export type CompiledRule = {
  readonly id: string;
  readonly priority: number;
  /** Position in the document; breaks priority ties. */
  readonly index: number;
  /** Position in evaluation order. */
  readonly order: number;
  readonly outcome: Outcome;
  /**
   * match ∧ when: the complete test, usable on its own. `when` holds when it is TRUE, and for a
   * deny or require_approval rule also when it is UNKNOWN (see compile-condition.ts).
   */
  readonly test: FactTest;
  /** Bits of the stages the rule can match (see stageBit); -1 when it has no stage key. */
  readonly stageMask: number;
  /** The rule's action names when match.action lists only exact names (no globs), else null. */
  readonly exactActions: readonly string[] | null;
  readonly decisions: DecisionPair;
  readonly errorDecisions: DecisionPair;
  /** `mode: shadow`: recorded when it matches, never deciding. */
  readonly shadow: boolean;
  /** `sample`, for allow rules: the share of allowed intents sent to the review-after queue. */
  readonly sampleRate: number | null;
};

export type CompiledPolicy = {
  readonly version: number;
  readonly defaultOutcome: Outcome;
  /** Evaluation order: priority descending, ties in document order. */
  readonly rules: readonly CompiledRule[];
  /** Rules that may match any action name, in evaluation order. */
  readonly anyActionRules: readonly CompiledRule[];
  /** Rules limited to exact action names, per name, in evaluation order. */
  readonly rulesByAction: ReadonlyMap<string, readonly CompiledRule[]>;
  readonly defaultDecisions: DecisionPair;
};

const STAGE_BITS = new Map<string, number>(STAGES.map((stage, i) => [stage, 1 << i]));
const UNKNOWN_STAGE_BIT = 1 << STAGES.length;

/** The stage's bit for CompiledRule.stageMask; an unknown stage matches only stage-less rules. */
export function stageBit(stage: unknown): number {
  return (typeof stage === "string" && STAGE_BITS.get(stage)) || UNKNOWN_STAGE_BIT;
}

export function compilePolicy(doc: PolicyDocument): CompiledPolicy {
  const defaultOutcome = doc.default ?? "require_approval";
  const rules = (doc.rules ?? [])
    .map((rule, index) => ({ rule, index, priority: rule.priority ?? 0 }))
    .sort((a, b) => b.priority - a.priority || a.index - b.index)
    .map(({ rule, index }, order) => compileRule(rule, index, order));
  const anyActionRules: CompiledRule[] = [];
  const rulesByAction = new Map<string, CompiledRule[]>();
  for (const rule of rules) {
    if (rule.exactActions === null) anyActionRules.push(rule);
    else {
      for (const action of new Set(rule.exactActions)) {
        const list = rulesByAction.get(action);
        if (list) list.push(rule);
        else rulesByAction.set(action, [rule]);
      }
    }
  }
  return Object.freeze({
    version: doc.version ?? 1,
    defaultOutcome,
    rules: Object.freeze(rules),
    anyActionRules: Object.freeze(anyActionRules),
    rulesByAction,
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

function compileRule(rule: PolicyRule, index: number, order: number): CompiledRule {
  const tests: FactTest[] = [];
  if (rule.match) tests.push(compileMatch(rule.match));
  // An unknown `when` never lets an allow rule match, and never lets a stricter rule skip.
  if (rule.when) tests.push(compileCondition(rule.when, rule.decision !== "allow"));
  const stages = rule.match?.stage;
  const actions = rule.match?.action;
  const actionList = actions === undefined ? null : typeof actions === "string" ? [actions] : actions;
  return Object.freeze({
    id: rule.id,
    priority: rule.priority ?? 0,
    index,
    order,
    outcome: rule.decision,
    test: allOf(tests),
    stageMask:
      stages === undefined
        ? -1
        : (typeof stages === "string" ? [stages] : stages).reduce((mask, stage) => mask | stageBit(stage), 0),
    exactActions: actionList && !actionList.some((a) => a.includes("*")) ? Object.freeze([...actionList]) : null,
    decisions: ruleDecisions(rule),
    errorDecisions: errorDecisions(rule),
    shadow: rule.mode === "shadow",
    sampleRate: rule.decision === "allow" && rule.sample ? rule.sample : null,
  });
}

function allOf(tests: FactTest[]): FactTest {
  const [a, b] = tests;
  if (!a) return () => true;
  if (!b) return a;
  return (f) => a(f) && b(f);
}
