import type { IntentStatus } from "@tollgate/sdk";
import { utc } from "../../lib/format";
import { UsageError, defineCommand } from "./command";
import { withoutToken } from "./redact";
import { openSession } from "./session";
import { collect, limitOf, table } from "./table";

const STATUSES: IntentStatus[] = ["allowed", "denied", "pending_approval", "approved", "rejected", "expired", "cancelled", "executing", "succeeded", "failed"];

export const intentsList = defineCommand({
  usage: "intents list [--status <status>] [--action <action>] [--agent <name>] [--limit <n>] [--json]",
  help: `
Intents of your organization, newest first (GET /api/v1/intents).

  --status   one of ${STATUSES.join(", ")}
  --action   only this action
  --agent    only this agent (name or id)
  --limit    at most this many (default 50)
  --json     the intents as a JSON array`,
  options: { status: { type: "string" }, action: { type: "string" }, agent: { type: "string" }, limit: { type: "string" }, json: { type: "boolean" } },
  async run(values) {
    const status = values.status as IntentStatus | undefined;
    if (status && !STATUSES.includes(status)) throw new UsageError(`--status must be one of ${STATUSES.join(", ")}`);
    const limit = limitOf(values.limit, 50);
    const { client } = openSession();
    const { items, more } = await collect(client.intents.listAll({ status, action: values.action, agent: values.agent, limit: Math.min(200, limit) }), limit);
    if (values.json) {
      console.log(JSON.stringify(items.map(withoutToken), null, 2));
      return 0;
    }
    if (items.length === 0) {
      console.log("No intents match.");
      return 0;
    }
    const rows = items.map((i) => [i.id, i.status, i.action, i.agent_name ?? i.agent_id, i.summary?.title ?? "", utc(i.created_at)]);
    console.log(table(["ID", "STATUS", "ACTION", "AGENT", "TITLE", "CREATED"], rows));
    if (more) console.log("… more intents; raise --limit to see them.");
    return 0;
  },
});
