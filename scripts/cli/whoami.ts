import { defineCommand } from "./command";
import { openSession } from "./session";

export const whoami = defineCommand({
  usage: "whoami [--json]",
  help: `
Shows who the token is (GET /api/v1/me): a member with their role, or an agent, in which
organization, on which server, and where the token came from (TOLLGATE_TOKEN or the saved login).`,
  options: { json: { type: "boolean" } },
  async run({ json }) {
    const { client, url, source } = openSession();
    const me = await client.me();
    if (json) console.log(JSON.stringify({ ...me, url, token_source: source }, null, 2));
    else if (me.kind === "user") console.log(`user ${me.id} (${me.role}) in organization ${me.org_id} at ${url}\ntoken from ${source}`);
    else console.log(`agent "${me.name}" (${me.id}) in organization ${me.org_id} at ${url}\ntoken from ${source}`);
    return 0;
  },
});
