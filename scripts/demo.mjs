#!/usr/bin/env node
// `npm run demo`: everything from a fresh clone to a running app on http://localhost:3000.
// Installs what is missing, generates the Prisma client, starts the embedded PGlite database
// (.data/pglite; or uses DATABASE_URL), applies migrations, seeds the demo org once, builds the
// app (unless .next already holds a build of these sources) and the SDK, and serves. Re-running
// keeps the data.
import { spawn } from "node:child_process";
import { ROOT, ensureInstalled, main, run } from "./lib/steps.mjs";

// On a fresh clone nothing is installed yet, and lib/config.mjs (so database.mjs too) imports zod:
// those modules load only after npm ci.
await main(async () => ensureInstalled());
const { setting } = await import("../lib/config.mjs");
const { buildIsCurrent, stampBuild } = await import("./lib/build-stamp.mjs");
const { ensureDatabase, ensureSecret } = await import("./lib/database.mjs");
const port = String(setting("PORT"));
let database;
let env;
await main(async () => {
  run("npx", ["prisma", "generate"]);
  database = await ensureDatabase();
  env = { ...database.env, TOLLGATE_SECRET: ensureSecret(), NEXTAUTH_URL: setting("NEXTAUTH_URL") ?? `http://localhost:${port}` };
  try {
    run("npx", ["prisma", "migrate", "deploy"], env);
    run("npx", ["tsx", "scripts/seed.ts"], env);
    if (buildIsCurrent()) console.log("\nThe build in .next is of these sources: not rebuilding (delete .next to force it).");
    else {
      run("npx", ["next", "build"], env);
      stampBuild();
    }
    // The examples import @tollgate/sdk from its build (sdk/dist).
    run("npx", ["tsc", "-p", "sdk"]);
  } catch (error) {
    database.stop();
    throw error;
  }
});

console.log(`\nStarting Tollgate on http://localhost:${port} (Ctrl-C to stop)`);
const server = spawn(process.execPath, ["scripts/serve.mjs", "--port", port], { cwd: ROOT, stdio: "inherit", env: { ...process.env, ...env } });
const stop = () => {
  server.kill("SIGTERM");
  database.stop();
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
server.on("exit", (code) => {
  database.stop();
  process.exit(code ?? 0);
});
