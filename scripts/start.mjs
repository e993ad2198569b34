#!/usr/bin/env node
// `npm start`: production mode. Needs DATABASE_URL (a real PostgreSQL; no embedded database) and
// TOLLGATE_SECRET; applies pending migrations with `prisma migrate deploy`, then serves the build.
import { spawn } from "node:child_process";
import { ROOT, main, run } from "./lib/steps.mjs";

await main(async () => {
  for (const name of ["DATABASE_URL", "TOLLGATE_SECRET"]) {
    if (!process.env[name]) throw new Error(`${name} must be set for npm start (see README, Production)`);
  }
  run("npx", ["prisma", "migrate", "deploy"]);
  const server = spawn(process.execPath, ["scripts/serve.mjs"], { cwd: ROOT, stdio: "inherit" });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
  server.on("exit", (code) => process.exit(code ?? 0));
});
