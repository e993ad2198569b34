import { notFound } from "../../errors";
import { type PolicyDecision, type PolicyDocument, compilePolicy, decide } from "../../policy";
import type { Outcome } from "../../policy/types";
import type { TSimulatePolicy } from "../../schemas/policy";
import { intentFacts } from "../intents/intent-facts";
import type { RequestContext } from "../request-context";
import { activePolicy } from "./active-policy";
import { parsePolicyOrThrow, validatePolicyOrThrow } from "./read-policy-text";

const DEFAULT_WINDOW_MS = 7 * 86_400_000;

type Summary = { outcome: Outcome; rule_id: string | null; reason_code: string };
const summarize = (d: PolicyDecision): Summary => ({ outcome: d.outcome, rule_id: d.ruleId, reason_code: d.reasonCode });

/**
 * POST /policy/simulate: what a candidate policy would decide for recorded (or given) intents,
 * next to what they actually got. Nothing is saved; `changed` counts different outcomes.
 */
export async function simulatePolicy(ctx: RequestContext, input: TSimulatePolicy) {
  const document: PolicyDocument =
    typeof input.policy === "string" ? parsePolicyOrThrow(input.policy, "yaml") : validatePolicyOrThrow(input.policy);
  const candidate = compilePolicy(document);
  const items = input.intents ? await givenIntents(ctx, input, candidate) : await recordedIntents(ctx, input, candidate);
  return { changed: items.filter((i) => i.changed).length, total: items.length, items };
}

async function recordedIntents(ctx: RequestContext, input: TSimulatePolicy, candidate: ReturnType<typeof compilePolicy>) {
  const since = input.since ? new Date(input.since) : new Date(Date.now() - DEFAULT_WINDOW_MS);
  const rows = await ctx.db.intent.findMany({
    where: { createdAt: { gte: since } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit,
    include: { agent: { select: { id: true, name: true } } },
  });
  return rows.map((row) => compare(row.id, row.action, { outcome: row.outcome as Outcome, rule_id: row.ruleId, reason_code: row.reasonCode }, summarize(decide(candidate, intentFacts(row, row.agent)))));
}

async function givenIntents(ctx: RequestContext, input: TSimulatePolicy, candidate: ReturnType<typeof compilePolicy>) {
  const current = await activePolicy(ctx.orgId);
  const items = [];
  for (const given of input.intents ?? []) {
    if (typeof given === "string") {
      const row = await ctx.db.intent.findFirst({ where: { id: given }, include: { agent: { select: { id: true, name: true } } } });
      if (!row) throw notFound(`Intent ${given}`);
      items.push(compare(row.id, row.action, { outcome: row.outcome as Outcome, rule_id: row.ruleId, reason_code: row.reasonCode }, summarize(decide(candidate, intentFacts(row, row.agent)))));
    } else {
      const agentName = given.agent ?? (ctx.principal.kind === "agent" ? ctx.principal.agentName : "");
      const facts = intentFacts({ ...given, riskTags: given.risk_tags }, { id: "", name: agentName });
      items.push(compare(null, given.action, summarize(decide(current.compiled, facts)), summarize(decide(candidate, facts))));
    }
  }
  return items;
}

function compare(intentId: string | null, action: string, before: Summary, after: Summary) {
  return { intent_id: intentId, action, before, after, changed: before.outcome !== after.outcome };
}
