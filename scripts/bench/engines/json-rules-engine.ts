// The policy document translated, rule for rule, into json-rules-engine (v7).
//
// Encoding
// - One engine rule per policy rule; its conditions are `all` of the match keys followed by the
//   `when` tree (all/any/not map one to one). The event carries the outcome and the rule id.
// - Three-valued `when`: an allow rule needs the tree TRUE, any other rule "not FALSE". Each
//   leaf becomes one of two boolean operators, isTrue_<op> or notFalse_<op> (semantics.ts), and
//   the tree is rewritten so only booleans remain: TRUE(not c) = not NOTFALSE(c), NOTFALSE(not c)
//   = not TRUE(c), while all and any keep their kind and pass the question down.
// - Facts are the IntentFacts properties themselves, plus the whole intent as fact "intent":
//   payload.x / context.x become {fact: "intent", path: "payload.x"}. Not {fact: "payload",
//   path: "x"}: json-rules-engine skips the path when the fact is not an object and compares
//   the fact itself, so a payload that is the string "x" would pass `payload.kind eq "x"`.
// - First match: json-rules-engine runs *every* rule, one priority level after another, and the
//   rules sharing a level concurrently. So each rule gets its own level, ranked in Tollgate's
//   evaluation order (priority = rules - position: higher first, ties in document order), and
//   an on("success") handler calls engine.stop(), which skips all lower levels. The one success
//   event is the decision; none means the document default.
// - Custom operators (semantics.ts) instead of the built-ins, which differ from the contract:
//   notEqual/notIn hold for a missing fact, lessThan & co. accept numeric strings, `in` does not
//   look inside list facts, and there is no glob.
// - allowUndefinedFacts, so a missing fact is `undefined` rather than an error, and a plain
//   dotted-path resolver instead of the default JSONPath one (a documented option, far faster).

import { Engine, type RuleProperties, type TopLevelCondition } from "json-rules-engine";
import type { Outcome, PolicyDocument, TCondition, TPolicyMatch } from "../../../lib/policy";
import { asList, type DecisionEngine, fieldRef, rulesInOrder } from "./document";
import * as sem from "./semantics";

type Leaf = { fact: string; operator: string; value: unknown; path?: string };
type Condition = Leaf | { all: Condition[] } | { any: Condition[] } | { not: Condition };

const LEAF_OPS = ["eq", "ne", "lt", "lte", "gt", "gte", "in", "nin", "matches"] as const;

const OPERATORS: Record<string, (fact: never, value: never) => boolean> = {
  globAny: sem.globAny,
  carriesAll: sem.carriesAll,
  exists: (v: unknown, want: boolean) => sem.present(v) === want,
  ...Object.fromEntries(
    LEAF_OPS.flatMap((op) => [
      [`isTrue_${op}`, (v: unknown, want: unknown) => sem.isTrue(op, v, want)],
      [`notFalse_${op}`, (v: unknown, want: unknown) => sem.notFalse(op, v, want)],
    ]),
  ),
};

/** The engine rules, in evaluation order. */
export function toJsonRules(doc: PolicyDocument): RuleProperties[] {
  const ordered = rulesInOrder(doc);
  return ordered.map((rule, position) => ({
    name: rule.id,
    priority: ordered.length - position,
    // all: [] holds, like a rule with neither match nor when.
    conditions: {
      all: [...matchConditions(rule.match), ...(rule.when ? [whenCondition(rule.when, rule.decision === "allow")] : [])],
    } as TopLevelCondition,
    event: { type: rule.decision, params: { ruleId: rule.id } },
  }));
}

export function createJsonRulesEngine(doc: PolicyDocument): DecisionEngine {
  const engine = new Engine(toJsonRules(doc), {
    allowUndefinedFacts: true,
    pathResolver: (value, path) => sem.readPath(value, path),
  });
  for (const [name, fn] of Object.entries(OPERATORS)) engine.addOperator(name, fn);
  engine.on("success", () => {
    engine.stop();
  });
  const fallback: Outcome = doc.default;
  return {
    name: "json-rules-engine",
    sync: false,
    // run() keeps its state on the engine: calls must not overlap (the benchmark awaits each).
    decide: async (facts) => {
      const { events } = await engine.run({ ...facts, intent: facts });
      const event = events[0];
      if (!event) return { outcome: fallback, ruleId: null };
      return { outcome: event.type as Outcome, ruleId: event.params?.ruleId as string };
    },
  };
}

function matchConditions(match: TPolicyMatch | undefined): Condition[] {
  if (!match) return [];
  const out: Condition[] = [];
  if (match.stage !== undefined) out.push({ fact: "stage", operator: "in", value: asList(match.stage) });
  if (match.action !== undefined) out.push({ fact: "action", operator: "globAny", value: asList(match.action) });
  if (match.environment !== undefined) out.push({ fact: "environment", operator: "globAny", value: asList(match.environment) });
  if (match.agent !== undefined) {
    // A policy may name an agent by its name or by its id.
    const value = asList(match.agent);
    out.push({ any: [{ fact: "agent", operator: "globAny", value }, { fact: "agentId", operator: "globAny", value }] });
  }
  if (match.destination !== undefined) out.push({ fact: "destination", operator: "globAny", value: asList(match.destination) });
  if (match.risk_tags !== undefined) out.push({ fact: "riskTags", operator: "carriesAll", value: asList(match.risk_tags) });
  return out;
}

/** `wantTrue`: holds when c is TRUE; otherwise holds when c is not FALSE. */
function whenCondition(c: TCondition, wantTrue: boolean): Condition {
  if ("all" in c) return { all: c.all.map((part) => whenCondition(part, wantTrue)) };
  if ("any" in c) return { any: c.any.map((part) => whenCondition(part, wantTrue)) };
  if ("not" in c) return { not: whenCondition(c.not, !wantTrue) };
  const ref = fieldRef(c.field);
  const fact = ref.path === null ? ref.fact : "intent";
  const path = ref.path === null ? null : `${ref.fact}.${ref.path}`;
  const value = c.op === "exists" ? c.value !== false : c.value;
  // An object value with a `fact` key would be read as a reference to another fact.
  if (value !== null && typeof value === "object" && !Array.isArray(value) && Object.hasOwn(value, "fact")) {
    throw new Error(`${c.field}: object values with a "fact" key cannot be expressed in json-rules-engine`);
  }
  const operator = c.op === "exists" ? "exists" : `${wantTrue ? "isTrue" : "notFalse"}_${c.op}`;
  const leaf: Leaf = { fact, operator, value };
  if (path !== null) leaf.path = path;
  return leaf;
}
