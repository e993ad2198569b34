// The policy document translated, rule for rule, into a casbin (node-casbin v5) ABAC model.
//
// Encoding — casbin's documented "ABAC with policy rules" pattern:
//   r = sub                                 the request is the intent object itself
//   p = priority, id, decision, eft, rule   one policy line per policy rule
//   e = priority(p.eft) || deny             the first matching line, in priority order, decides
//   m = eval(p.rule)                        each line carries its own boolean expression
// - `rule` is the rule's match keys and `when` tree as one expression over r.sub, e.g.
//   globAny(r.sub.action, ["svc1.*"]) && (notFalse("lt", r.sub.amount, 500) && notFalse("eq", dig(r.sub.context, "x"), 1)).
//   The helpers are custom functions (enforcer.addFunction) from semantics.ts: casbin's own
//   keyMatch/globMatch treat `.` or `/` specially, plain `<` reads null as 0, `==` coerces
//   "1" to 1, and `r.sub.payload.x` throws when payload is absent.
// - Three-valued `when`: an allow rule needs the tree TRUE, any other rule "not FALSE"; leaves
//   are isTrue(op, field, value) or notFalse(op, field, value), and `!` flips the question for
//   its operand (TRUE(not c) = !NOTFALSE(c)), so the expression stays boolean.
// - Priority: casbin scans lines by p.priority ascending, so a line's priority is its rule's
//   position in Tollgate's order (priority descending, ties in document order). Not -priority:
//   Model.addPolicy inserts each line before the first one with an equal priority, so ties
//   would come out in reverse document order.
// - Outcome: with the priority effect, the first line whose matcher holds stops the scan if its
//   eft is allow or deny (anything else is skipped), so eft is "allow" for allow rules and
//   "deny" for deny and require_approval; the Tollgate outcome and rule id ride in their own
//   columns and come back from enforceExSync's explanation (the deciding line). No line → the
//   document default.
// - Why one eval column rather than a column per match key: casbin re-substitutes eval() into
//   the matcher for every line anyway, so splitting keys into columns would add work, not save it.

import { type Adapter, type MatchingFunction, type Model, newEnforcer, newModelFromString, Util } from "casbin";
import type { Outcome, PolicyDocument, PolicyRule, TCondition, TPolicyMatch } from "../../../lib/policy";
import { asList, type DecisionEngine, fieldRef, rulesInOrder } from "./document";
import * as sem from "./semantics";

export const CASBIN_MODEL = `
[request_definition]
r = sub

[policy_definition]
p = priority, id, decision, eft, rule

[policy_effect]
e = priority(p.eft) || deny

[matchers]
m = eval(p.rule)
`;

const FUNCTIONS: Record<string, MatchingFunction> = {
  globAny: sem.globAny,
  carriesAll: sem.carriesAll,
  inList: (v: unknown, list: readonly unknown[]) => list.includes(v),
  isTrue: sem.isTrue,
  notFalse: sem.notFalse,
  present: sem.present,
  // Any JSON value really; casbin's type says boolean | number | string.
  dig: (root: unknown, path: string) => sem.readPath(root, path) as string,
};

/** The policy lines: priority (evaluation position), id, decision, eft, rule expression. */
export function toCasbinPolicy(doc: PolicyDocument): string[][] {
  return rulesInOrder(doc).map((rule, position) => [
    String(position),
    rule.id,
    rule.decision,
    rule.decision === "allow" ? "allow" : "deny",
    ruleExpression(rule),
  ]);
}

export async function createCasbinEngine(doc: PolicyDocument): Promise<DecisionEngine> {
  const enforcer = await newEnforcer(newModelFromString(CASBIN_MODEL), memoryAdapter(toCasbinPolicy(doc)));
  for (const [name, fn] of Object.entries(FUNCTIONS)) await enforcer.addFunction(name, fn);
  const fallback: Outcome = doc.default;
  return {
    name: "casbin",
    sync: true,
    decide: (facts) => {
      const [, line] = enforcer.enforceExSync(facts);
      if (line.length === 0) return { outcome: fallback, ruleId: null };
      return { outcome: line[2] as Outcome, ruleId: line[1] as string };
    },
  };
}

/** Where a database adapter would read rows, this one hands over the translated lines. */
function memoryAdapter(lines: string[][]): Adapter {
  const readOnly = async () => {
    throw new Error("read-only adapter");
  };
  return {
    loadPolicy: async (model: Model) => {
      for (const line of lines) model.addPolicy("p", "p", line);
    },
    savePolicy: readOnly,
    addPolicy: readOnly,
    removePolicy: readOnly,
    removeFilteredPolicy: readOnly,
  };
}

export function ruleExpression(rule: PolicyRule): string {
  const parts = [...matchTerms(rule.match), ...(rule.when ? [whenTerm(rule.when, rule.decision === "allow")] : [])];
  return parts.length ? parts.join(" && ") : "true";
}

function matchTerms(match: TPolicyMatch | undefined): string[] {
  if (!match) return [];
  const out: string[] = [];
  if (match.stage !== undefined) out.push(`inList(r.sub.stage, ${literal(asList(match.stage))})`);
  if (match.action !== undefined) out.push(`globAny(r.sub.action, ${literal(asList(match.action))})`);
  if (match.environment !== undefined) out.push(`globAny(r.sub.environment, ${literal(asList(match.environment))})`);
  if (match.agent !== undefined) {
    const list = literal(asList(match.agent));
    out.push(`(globAny(r.sub.agent, ${list}) || globAny(r.sub.agentId, ${list}))`);
  }
  if (match.destination !== undefined) out.push(`globAny(r.sub.destination, ${literal(asList(match.destination))})`);
  if (match.risk_tags !== undefined) out.push(`carriesAll(r.sub.riskTags, ${literal(asList(match.risk_tags))})`);
  return out;
}

/** `wantTrue`: holds when c is TRUE; otherwise holds when c is not FALSE. */
function whenTerm(c: TCondition, wantTrue: boolean): string {
  if ("all" in c) return `(${c.all.map((part) => whenTerm(part, wantTrue)).join(" && ")})`;
  if ("any" in c) return `(${c.any.map((part) => whenTerm(part, wantTrue)).join(" || ")})`;
  if ("not" in c) return `!${whenTerm(c.not, !wantTrue)}`;
  const { fact, path } = fieldRef(c.field);
  const field = path === null ? `r.sub.${fact}` : `dig(r.sub.${fact}, ${literal(path)})`;
  if (c.op === "exists") return c.value === false ? `!present(${field})` : `present(${field})`;
  return `${wantTrue ? "isTrue" : "notFalse"}(${literal(c.op)}, ${field}, ${literal(c.value)})`;
}

// casbin's expression language (jsep) has string, number, boolean and null literals and array
// literals, but no object literals and no \u escapes.
function literal(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(literal).join(", ")}]`;
  if (typeof v === "string") {
    const json = JSON.stringify(v);
    if (json.includes("\\u")) throw new Error(`string ${json} needs a \\u escape`);
    // casbin rewrites `r.x` / `p.x` after an operator character into `r_x` / `p_x` in the whole
    // expression, string literals included ("*p.example.com" would change).
    if (Util.escapeAssertion(json) !== json) throw new Error(`string ${json} would be altered by casbin`);
    return json;
  }
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  if (typeof v === "boolean" || v === null) return String(v);
  throw new Error(`value ${JSON.stringify(v)} cannot be written as a casbin literal`);
}
