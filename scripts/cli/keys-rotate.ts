import { disconnectDb } from "../../lib/db/client";
import { rotateSigningKey } from "../../lib/signing/signing-keys";
import { defineCommand } from "./command";
import { targetRunningDemoDatabase } from "./local-database";

export const keysRotate = defineCommand({
  usage: "keys rotate [--json]",
  help: `
Makes a new Ed25519 signing key the current one for every instance on the database at
DATABASE_URL (or the running demo's), directly in the database (no HTTP). Checkpoints and
receipts are signed with it from then on (running instances pick it up within 30 s); the old
key stays in GET /.well-known/jwks.json as retired, so what it signed still verifies. Needs the
instances' TOLLGATE_SECRET, which seals the private key.

  --json   {"kid", "retired": [kid, …]}`,
  options: { json: { type: "boolean" } },
  async run({ json }) {
    targetRunningDemoDatabase();
    try {
      const rotated = await rotateSigningKey();
      if (json) console.log(JSON.stringify(rotated));
      else {
        console.log(`New signing key ${rotated.kid} is current.`);
        if (rotated.retired.length > 0) console.log(`Retired (still published): ${rotated.retired.join(", ")}`);
      }
      return 0;
    } finally {
      await disconnectDb();
    }
  },
});
