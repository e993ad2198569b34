import type { Intent } from "@tollgate/sdk";
import { UsageError, defineCommand } from "./command";
import { withoutToken } from "./redact";
import { openSession } from "./session";

const options = { reason: { type: "string" }, note: { type: "string" }, json: { type: "boolean" } } as const;

export const approve = defineCommand({
  usage: "approve <intent_id> [--reason <text>] [--note <text>] [--json]",
  help: `
Approves a pending intent as you (POST /api/v1/approvals/{id}/approve). The API asks for a
reason when the item has been pending less than 10 seconds; give one anyway, it goes in the
audit trail. An item that needs more approvals stays pending_approval until enough distinct
people approve. Refusals print the API's code and exit 1, e.g. step_up_required (passkey
items: use the dashboard), already_resolved, already_approved_by_user, forbidden (role too low),
separation_of_duties (you own the agent and the rule separates duties), approval_expired (the SLA
passed; the item expired).

  --reason   why you approve
  --note     an extra note for the record
  --json     print the intent as JSON`,
  options,
  positionals: ["intent_id"],
  async run(values, [intentId]) {
    const { client } = openSession();
    const intent = await client.approvals.approve(intentId, { reason: values.reason, note: values.note });
    report(intent, "Approved", values.json);
    return 0;
  },
});

export const reject = defineCommand({
  usage: "reject <intent_id> --reason <text> [--note <text>] [--json]",
  help: `
Rejects a pending intent (POST /api/v1/approvals/{id}/reject); the agent is told your reason.
Refusals print the API's code and exit 1, e.g. already_resolved, step_up_required, forbidden.

  --reason   why (required)
  --note     an extra note for the record
  --json     print the intent as JSON`,
  options,
  positionals: ["intent_id"],
  async run(values, [intentId]) {
    if (!values.reason) throw new UsageError("--reason is required to reject");
    const { client } = openSession();
    const intent = await client.approvals.reject(intentId, { reason: values.reason, note: values.note });
    report(intent, "Rejected", values.json);
    return 0;
  },
});

function report(intent: Intent, verb: string, json: boolean | undefined) {
  // The human whose approval completes an item may receive its execution token; a terminal is
  // no place for it, so it is never printed.
  if (json) {
    console.log(JSON.stringify(withoutToken(intent), null, 2));
    return;
  }
  const received = intent.approvals.filter((a) => a.decision === "approve").length;
  const state =
    intent.status === "pending_approval" ? `${received}/${intent.decision.approvals_required} approvals so far, still pending_approval` : `status ${intent.status}`;
  console.log(`${verb} ${intent.id} (${intent.action}): ${state}.`);
}
