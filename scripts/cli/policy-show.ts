import { utc } from "../../lib/format";
import { defineCommand } from "./command";
import { openSession } from "./session";

export const policyShow = defineCommand({
  usage: "policy show [--json]",
  help: `
The organization's active policy (GET /api/v1/policy): version, snapshot, rule count, who saved
it and when, then the document as it was saved (YAML or JSON).

  --json   the API's answer as JSON (with the parsed document)`,
  options: { json: { type: "boolean" } },
  async run({ json }) {
    const { client } = openSession();
    const policy = await client.policy.get();
    if (json) {
      console.log(JSON.stringify(policy, null, 2));
      return 0;
    }
    console.log(`# version ${policy.version}, ${policy.rules} rules, ${policy.snapshot}`);
    console.log(`# saved ${utc(policy.created_at)}${policy.created_by ? ` by ${policy.created_by}` : ""} as ${policy.format}`);
    process.stdout.write(policy.source.endsWith("\n") ? policy.source : `${policy.source}\n`);
    return 0;
  },
});
