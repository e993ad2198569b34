#!/usr/bin/env node
// `npm start`: production mode. Needs DATABASE_URL (a real PostgreSQL; no embedded database) and
// TOLLGATE_SECRET; applies pending migrations with `prisma migrate deploy`, then serves the build.
// Deploy runs only when the migration history is not plainly current (scripts/lib/pending-migrations.mjs):
// deploy takes ~11 s even with nothing pending, most of a restart's time. The server then runs in
// this process (one Node.js start fewer).
import { checkConfig, isSet, setting } from "../lib/config.mjs";
import { ensureMigrated } from "./lib/pending-migrations.mjs";
import { main } from "./lib/steps.mjs";

await main(async () => {
  for (const name of ["DATABASE_URL", "TOLLGATE_SECRET"]) {
    if (!isSet(name)) throw new Error(`${name} must be set for npm start (see README, Production)`);
  }
  checkConfig();
  // Direct: behind a transaction pooler, migrations need a session of their own (README, Behind PgBouncer).
  await ensureMigrated(setting("DIRECT_DATABASE_URL") ?? setting("DATABASE_URL"));
});
await import("./serve.mjs");
