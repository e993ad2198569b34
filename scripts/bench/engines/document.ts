// What every engine adapter shares: the decision they are compared on, the engine shape the
// benchmark drives, and how a policy field names a property of IntentFacts.

import type { IntentFacts, Outcome, PolicyDocument, PolicyRule } from "../../../lib/policy";

/** What the engines must agree on: the outcome and the rule that decided (null = the default). */
export type EngineDecision = { outcome: Outcome; ruleId: string | null };

/** Tollgate and casbin decide synchronously; json-rules-engine only through a Promise. */
export type DecisionEngine =
  | { name: string; sync: true; decide: (facts: IntentFacts) => EngineDecision }
  | { name: string; sync: false; decide: (facts: IntentFacts) => Promise<EngineDecision> };

/** A policy field as a top-level IntentFacts property plus, for payload/context, a dotted path. */
export type FieldRef = { fact: keyof IntentFacts; path: string | null };

export function fieldRef(field: string): FieldRef {
  const dot = field.indexOf(".");
  if (dot >= 0) {
    const root = field.slice(0, dot);
    if (root !== "payload" && root !== "context") throw new Error(`unknown field ${field}`);
    return { fact: root, path: field.slice(dot + 1) };
  }
  if (field === "risk_tags") return { fact: "riskTags", path: null };
  if (["action", "agent", "stage", "environment", "destination", "amount", "currency"].includes(field)) {
    return { fact: field as keyof IntentFacts, path: null };
  }
  throw new Error(`unknown field ${field}`);
}

export function asList<T extends string>(value: T | readonly T[]): readonly T[] {
  return typeof value === "string" ? [value] : value;
}

/**
 * Rules in Tollgate's evaluation order: priority descending, ties in document order. Shadow
 * rules never decide, so a first-match translation has no place for them: refuse rather than
 * compare something else.
 */
export function rulesInOrder(doc: PolicyDocument): PolicyRule[] {
  for (const rule of doc.rules) {
    if (rule.mode === "shadow") throw new Error(`rule ${rule.id}: shadow rules are not translated`);
  }
  return doc.rules
    .map((rule, index) => ({ rule, index }))
    .sort((a, b) => b.rule.priority - a.rule.priority || a.index - b.index)
    .map(({ rule }) => rule);
}
