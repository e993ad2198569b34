// `npm run cli -- <command>`: self-host administration without HTTP.
//   bootstrap --org <name> --email <email> --password <pw> [--json]
import { parseArgs } from "node:util";
import { disconnectDb } from "../lib/db/client";
import { bootstrapOrg } from "../lib/domain/orgs/bootstrap-org";
import { AppError } from "../lib/errors";
import { ZBootstrap } from "../lib/schemas/members";

const USAGE = "usage: npm run cli -- bootstrap --org <name> --email <email> --password <password> [--json]";

async function bootstrap(args: string[]) {
  const { values } = parseArgs({
    args,
    options: { org: { type: "string" }, email: { type: "string" }, password: { type: "string" }, json: { type: "boolean" } },
    strict: true,
  });
  const { json, ...fields } = values;
  const input = ZBootstrap.safeParse(fields);
  if (!input.success) {
    const problems = input.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("\n  ");
    throw new UsageError(`invalid arguments:\n  ${problems}\n${USAGE}`);
  }
  const result = await bootstrapOrg(input.data);
  if (json) console.log(JSON.stringify(result));
  else {
    console.log(`Organization ${input.data.org} created (${result.org_id}).`);
    console.log(`Admin ${input.data.email} (${result.user_id}); API token, shown once:\n  ${result.token}`);
  }
}

class UsageError extends Error {}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  if (command === "bootstrap") return bootstrap(rest);
  throw new UsageError(command ? `unknown command "${command}"\n${USAGE}` : USAGE);
}

main()
  .then(() => disconnectDb())
  .catch(async (error) => {
    await disconnectDb();
    const known = error instanceof AppError || error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    console.error(`error: ${known ? error.message : String(error)}`);
    process.exit(known ? 2 : 1);
  });
