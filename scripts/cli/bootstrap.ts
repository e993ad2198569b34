import { disconnectDb } from "../../lib/db/client";
import { bootstrapOrg } from "../../lib/domain/orgs/bootstrap-org";
import { AppError } from "../../lib/errors";
import { ZBootstrap } from "../../lib/schemas/members";
import { CliError, UsageError, defineCommand } from "./command";
import { targetRunningDemoDatabase } from "./local-database";

export const bootstrap = defineCommand({
  usage: "bootstrap --org <name> --email <email> --password <password> [--json]",
  help: `
Creates an organization and its first admin directly in the database at DATABASE_URL (no HTTP,
no running app needed) and prints the admin's API token, shown once. Without DATABASE_URL it uses
the embedded database of a running \`npm run demo\` (.data/embedded-database.json), else the local
PostgreSQL at 127.0.0.1:5432. With --json it prints
{"org_id", "user_id", "token"}. An organization of that name that already exists is refused
and nothing changes.`,
  options: { org: { type: "string" }, email: { type: "string" }, password: { type: "string" }, json: { type: "boolean" } },
  async run({ json, ...fields }) {
    const input = ZBootstrap.safeParse(fields);
    if (!input.success) {
      const problems = input.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("\n  ");
      throw new UsageError(`invalid arguments:\n  ${problems}`);
    }
    targetRunningDemoDatabase();
    try {
      const result = await bootstrapOrg(input.data);
      if (json) console.log(JSON.stringify(result));
      else {
        console.log(`Organization ${input.data.org} created (${result.org_id}).`);
        console.log(`Admin ${input.data.email} (${result.user_id}); API token, shown once:\n  ${result.token}`);
      }
      return 0;
    } catch (error) {
      // "already exists" and the like: the domain's own message, exit code 2 as before.
      if (error instanceof AppError) throw new CliError(error.message, 2);
      throw error;
    } finally {
      await disconnectDb();
    }
  },
});
