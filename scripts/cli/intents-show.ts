import type { DecisionLogEntry, Intent } from "@tollgate/sdk";
import { utc } from "../../lib/format";
import { defineCommand } from "./command";
import { withoutToken } from "./redact";
import { openSession } from "./session";
import { table } from "./table";

export const intentsShow = defineCommand({
  usage: "intents show <intent_id> [--json]",
  help: `
One intent (GET /api/v1/intents/{id}) with its payload and its decisions log
(GET /api/v1/intents/{id}/decisions): the policy decision, each human approval or rejection,
timeouts, execution and cancellation, oldest first.

  --json   {"intent": …, "decisions": […]} as JSON`,
  options: { json: { type: "boolean" } },
  positionals: ["intent_id"],
  async run(values, [intentId]) {
    const { client } = openSession();
    const [intent, decisions] = await Promise.all([client.intents.get(intentId), client.intents.decisions(intentId)]);
    if (values.json) console.log(JSON.stringify({ intent: withoutToken(intent), decisions: decisions.items }, null, 2));
    else console.log(describe(intent, decisions.items));
    return 0;
  },
});

function describe(intent: Intent, decisions: DecisionLogEntry[]): string {
  const d = intent.decision;
  const approvals = intent.approvals.filter((a) => a.decision === "approve").length;
  const fields: [string, string | null | undefined][] = [
    ["status", intent.status],
    ["stage", intent.stage],
    ["agent", `${intent.agent_name ?? "?"} (${intent.agent_id})`],
    ["title", intent.summary?.title],
    ["environment", intent.environment],
    ["destination", intent.destination],
    ["amount", intent.amount === null ? null : `${intent.amount} ${intent.currency ?? ""}`.trim()],
    ["risk tags", intent.risk_tags.join(", ")],
    ["rationale", intent.rationale],
    ["decision", `${d.outcome} by ${d.rule_id ? `rule ${d.rule_id}` : "the policy default"} (${d.reason_code}): ${d.reason}`],
    ["approvals", `${approvals}/${d.approvals_required} (${d.approver_role} or above${d.step_up_required ? ", passkey step-up" : ""})`],
    ["SLA deadline", d.sla_deadline ? utc(d.sla_deadline) : null],
    ["policy", d.policy_snapshot],
    ["payload hash", intent.payload_hash],
    ["created", utc(intent.created_at)],
    ["resolved", intent.resolved_at ? utc(intent.resolved_at) : null],
    ["result", intent.result ? `${intent.result.status}${intent.result.error ? `: ${intent.result.error}` : ""}` : null],
  ];
  const shown = fields.filter((f): f is [string, string] => !!f[1]);
  const width = Math.max(...shown.map(([k]) => k.length));
  const log = decisions.map((e) => [utc(e.at, { seconds: true }), e.kind, `${e.actor.type}${e.actor.id ? ` ${e.actor.id}` : ""}`, [e.reason, e.note].filter(Boolean).join(" — ")]);
  return [
    `Intent ${intent.id}: ${intent.action}`,
    ...shown.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`),
    "",
    "Payload:",
    JSON.stringify(intent.payload, null, 2).replace(/^/gm, "  "),
    "",
    "Decisions:",
    table(["AT", "KIND", "ACTOR", "REASON"], log, 80).replace(/^/gm, "  "),
  ].join("\n");
}
