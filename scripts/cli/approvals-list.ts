import type { QueueItem } from "@tollgate/sdk";
import { utc } from "../../lib/format";
import { defineCommand } from "./command";
import { openSession } from "./session";
import { collect, limitOf, table } from "./table";

export const approvalsList = defineCommand({
  usage: "approvals list [--all] [--action <action>] [--agent <name>] [--limit <n>] [--json]",
  help: `
The approval queue (GET /api/v1/approvals), most urgent first: id, action, agent, title,
approvals received/required, SLA deadline and whether the item needs passkey step-up (which only
the dashboard can give; such items cannot be approved from here).

  --all       include items already resolved (with their status)
  --action    only this action
  --agent     only this agent (name or id)
  --limit     at most this many items (default 100)
  --json      the queue items as a JSON array`,
  options: {
    all: { type: "boolean" },
    action: { type: "string" },
    agent: { type: "string" },
    limit: { type: "string" },
    json: { type: "boolean" },
  },
  async run(values) {
    const limit = limitOf(values.limit, 100);
    const { client } = openSession();
    const params = { include_resolved: values.all ? true : undefined, action: values.action, agent: values.agent, limit: Math.min(200, limit) };
    const { items, more } = await collect(client.approvals.listAll(params), limit);
    if (values.json) {
      console.log(JSON.stringify(items, null, 2));
      return 0;
    }
    if (items.length === 0) {
      console.log(values.all ? "The queue is empty." : "No pending approvals.");
      return 0;
    }
    console.log(queueTable(items, !!values.all));
    if (more) console.log(`… more items; raise --limit to see them.`);
    return 0;
  },
});

export function queueTable(items: QueueItem[], withStatus: boolean): string {
  const headers = ["ID", "ACTION", "AGENT", "TITLE", "APPROVALS", "SLA DEADLINE", "STEP-UP", ...(withStatus ? ["STATUS"] : [])];
  const rows = items.map((item) => [
    item.intent.id,
    item.intent.action,
    item.intent.agent_name ?? item.intent.agent_id,
    item.decision_summary.title,
    `${item.approvals_received}/${item.approvals_required}`,
    utc(item.sla_deadline),
    item.step_up_required ? "yes" : "no",
    ...(withStatus ? [item.intent.status] : []),
  ]);
  return table(headers, rows);
}
