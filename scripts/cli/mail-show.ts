import { disconnectDb } from "../../lib/db/client";
import { heldMessage } from "../../lib/mail/outbox";
import { defineCommand } from "./command";
import { targetRunningDemoDatabase } from "./local-database";

export const mailShow = defineCommand({
  usage: "mail show <mail-id> [--json]",
  help: `
Prints an account mail that was not sent (no SMTP_URL: the server log names it as held) or is
still queued, from the database at DATABASE_URL (or the running demo's), directly (no HTTP). Such
a mail may hold a password reset link, which is why the log leaves it out: only the operator,
who has the database and TOLLGATE_SECRET, can read it. A sent mail has been wiped.

  --json   {"to", "subject", "text", "html"}`,
  options: { json: { type: "boolean" } },
  positionals: ["mail-id"],
  async run({ json }, [id]) {
    if (!id) {
      console.error("error: give the mail id the server log names");
      return 2;
    }
    targetRunningDemoDatabase();
    try {
      const message = await heldMessage(id);
      if (!message) {
        console.error(`error: no held or queued mail ${id} (a sent one is wiped)`);
        return 1;
      }
      if (json) console.log(JSON.stringify(message));
      else console.log(`To: ${message.to}\nSubject: ${message.subject}\n\n${message.text}`);
      return 0;
    } finally {
      await disconnectDb();
    }
  },
});
