import type { Principal } from "../../auth/principal";
import { orgDb } from "../../db/scoped";
import { notFound } from "../../errors";
import { type PolicyDecision, type PolicyDocument, compilePolicy, decide } from "../../policy";
import type { TSimulatePolicy } from "../../schemas/policy";
import { intentFacts } from "../intents/intent-facts";
import { activePolicy } from "./active-policy";
import { parsePolicyOrThrow, validatePolicyOrThrow } from "./read-policy-text";

const DEFAULT_WINDOW_MS = 7 * 86_400_000;

type Summary = { outcome: string; rule_id: string | null; reason_code: string };
const summarize = (d: PolicyDecision): Summary => ({ outcome: d.outcome, rule_id: d.ruleId, reason_code: d.reasonCode });

/**
 * POST /policy/simulate: what a candidate policy would decide for recorded (or given) intents,
 * next to what they actually got. Nothing is saved; `changed` counts different outcomes.
 */
export async function simulatePolicy(auth: Principal, input: TSimulatePolicy) {
  const document: PolicyDocument =
    typeof input.policy === "string" ? parsePolicyOrThrow(input.policy, "yaml") : validatePolicyOrThrow(input.policy);
  const candidate = compilePolicy(document);
  const items = input.intents ? await givenIntents(auth, input, candidate) : await recordedIntents(auth, input, candidate);
  return { changed: items.filter((i) => i.changed).length, total: items.length, items };
}

async function recordedIntents(auth: Principal, input: TSimulatePolicy, candidate: ReturnType<typeof compilePolicy>) {
  const since = input.since ? new Date(input.since) : new Date(Date.now() - DEFAULT_WINDOW_MS);
  const rows = await orgDb(auth.orgId).intent.findMany({
    where: { createdAt: { gte: since } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit,
    include: { agent: { select: { id: true, name: true } } },
  });
  return rows.map((row) => compare(row.id, row.action, { outcome: row.outcome, rule_id: row.ruleId, reason_code: row.reasonCode }, summarize(decide(candidate, intentFacts(row, row.agent)))));
}

async function givenIntents(auth: Principal, input: TSimulatePolicy, candidate: ReturnType<typeof compilePolicy>) {
  const current = await activePolicy(auth.orgId);
  const items = [];
  for (const given of input.intents ?? []) {
    if (typeof given === "string") {
      const row = await orgDb(auth.orgId).intent.findFirst({ where: { id: given }, include: { agent: { select: { id: true, name: true } } } });
      if (!row) throw notFound(`Intent ${given}`);
      items.push(compare(row.id, row.action, { outcome: row.outcome, rule_id: row.ruleId, reason_code: row.reasonCode }, summarize(decide(candidate, intentFacts(row, row.agent)))));
    } else {
      const agentName = given.agent ?? (auth.kind === "agent" ? auth.agentName : "");
      const facts = intentFacts({ ...given, riskTags: given.risk_tags }, { id: "", name: agentName });
      items.push(compare(null, given.action, summarize(decide(current.compiled, facts)), summarize(decide(candidate, facts))));
    }
  }
  return items;
}

function compare(intentId: string | null, action: string, before: Summary, after: Summary) {
  return { intent_id: intentId, action, before, after, changed: before.outcome !== after.outcome };
}
