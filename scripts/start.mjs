#!/usr/bin/env node
// `npm start`: production mode. Needs DATABASE_URL (a real PostgreSQL; no embedded database) and
// TOLLGATE_SECRET; applies pending migrations with `prisma migrate deploy`, then serves the build.
import { spawn } from "node:child_process";
import { checkConfig, isSet } from "../lib/config.mjs";
import { ROOT, main, run } from "./lib/steps.mjs";

await main(async () => {
  for (const name of ["DATABASE_URL", "TOLLGATE_SECRET"]) {
    if (!isSet(name)) throw new Error(`${name} must be set for npm start (see README, Production)`);
  }
  checkConfig();
  run("npx", ["prisma", "migrate", "deploy"]);
  const server = spawn(process.execPath, ["scripts/serve.mjs"], { cwd: ROOT, stdio: "inherit" });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
  server.on("exit", (code) => process.exit(code ?? 0));
});
