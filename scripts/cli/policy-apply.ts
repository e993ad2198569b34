import { readFileSync } from "node:fs";
import path from "node:path";
import { type Policy, type Tollgate, isTollgateError } from "@tollgate/sdk";
import { CliError, UsageError, defineCommand } from "./command";
import { printIssues } from "./report-error";
import { openSession } from "./session";
import { table } from "./table";

export const policyApply = defineCommand({
  usage: "policy apply <file.yaml|file.json> [--dry-run] [--since <time>] [--format yaml|json] [--json]",
  help: `
Saves the file as the organization's active policy (PUT /api/v1/policy, admin), sent as
application/yaml or application/json by its extension (or --format), and prints the new version
and snapshot. An invalid document is refused with invalid_policy naming the rule, field and line.

With --dry-run nothing is saved: the file is validated (POST /api/v1/policy/validate) and run
against recorded intents (POST /api/v1/policy/simulate), printing how many would get a different
outcome than they did, and which.

  --dry-run   validate and simulate only
  --since     with --dry-run: intents created since this RFC 3339 time (default: the last 7 days)
  --format    yaml or json, when the extension does not say
  --json      print the API's answer as JSON`,
  options: { "dry-run": { type: "boolean" }, since: { type: "string" }, format: { type: "string" }, json: { type: "boolean" } },
  positionals: ["file"],
  async run(values, [file]) {
    const format = formatOf(file, values.format);
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      throw new CliError(`cannot read ${file}: ${(error as Error).message}`);
    }
    const { client } = openSession();
    return values["dry-run"] ? dryRun(client, text, format, values.since, values.json) : apply(client, text, format, values.json);
  },
});

export function formatOf(file: string, given: string | undefined): "yaml" | "json" {
  if (given !== undefined) {
    if (given !== "yaml" && given !== "json") throw new UsageError("--format must be yaml or json");
    return given;
  }
  const ext = path.extname(file).toLowerCase();
  if (ext === ".json") return "json";
  if (ext === ".yaml" || ext === ".yml") return "yaml";
  throw new UsageError(`cannot tell the format of ${file} from its extension: name it .yaml, .yml or .json, or pass --format`);
}

async function apply(client: Tollgate, text: string, format: "yaml" | "json", json?: boolean) {
  const before = await activeVersion(client);
  const saved = await client.policy.put(text, { format });
  if (json) console.log(JSON.stringify(saved, null, 2));
  else if (before && before.snapshot === saved.snapshot) console.log(`Policy unchanged: version ${saved.version} (${saved.snapshot}) already has this document.`);
  else console.log(`Policy applied: version ${saved.version}, snapshot ${saved.snapshot}, ${saved.rules} rules${before ? ` (was version ${before.version})` : ""}.`);
  return 0;
}

async function dryRun(client: Tollgate, text: string, format: "yaml" | "json", since: string | undefined, json?: boolean) {
  const validation = await client.policy.validate({ policy: text, format });
  if (!validation.ok) {
    if (json) console.log(JSON.stringify({ validation }, null, 2));
    console.error(`error: invalid_policy: the document is invalid (${validation.issues.length} issue${validation.issues.length === 1 ? "" : "s"}); nothing was saved`);
    printIssues(validation.issues);
    return 1;
  }
  // The text goes as it is: YAML is a superset of JSON, so the server reads either.
  const simulation = await client.policy.simulate({ policy: text, since });
  const before = await activeVersion(client);
  if (json) {
    console.log(JSON.stringify({ validation, simulation }, null, 2));
    return 0;
  }
  const same = before?.snapshot === validation.snapshot;
  console.log(`Dry run, nothing saved. The document is valid: ${validation.rules} rules, snapshot ${validation.snapshot}${same ? " (the active one)" : ""}.`);
  console.log(`${simulation.changed} of ${simulation.total} recorded intents${since ? ` since ${since}` : " from the last 7 days"} would get a different outcome.`);
  const changed = simulation.items.filter((i) => i.changed);
  if (changed.length > 0) {
    const rule = (r: string | null) => (r ? ` (${r})` : "");
    const rows = changed.map((i) => [i.intent_id ?? "—", i.action, `${i.before.outcome}${rule(i.before.rule_id)}`, `${i.after.outcome}${rule(i.after.rule_id)}`]);
    console.log(table(["INTENT", "ACTION", "NOW", "WOULD BE"], rows));
  }
  return 0;
}

/** The active version, or null before the first save. */
async function activeVersion(client: Tollgate): Promise<Policy | null> {
  try {
    return await client.policy.get();
  } catch (error) {
    if (isTollgateError(error, "not_found")) return null;
    throw error;
  }
}
