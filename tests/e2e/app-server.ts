import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { createFreshDatabase } from "../helpers/fresh-database";

const ROOT = path.resolve(import.meta.dirname, "../..");
const PORT = Number(process.env.E2E_PORT ?? 3310);

/**
 * Vitest global setup of the e2e project: a fresh database, a production build of the app, and
 * `next start` on E2E_PORT, exactly as users run it. Workers get the URL and the database.
 */
export default async function setup(project: TestProject) {
  const database = await createFreshDatabase("tollgate_e2e");
  const env = {
    ...process.env,
    DATABASE_URL: database.url,
    TOLLGATE_SECRET: process.env.TOLLGATE_SECRET ?? "e2e-test-secret-e2e-test-secret-e2e-test",
    NEXTAUTH_URL: `http://localhost:${PORT}`,
    NEXT_TELEMETRY_DISABLED: "1",
    SWEEP_INTERVAL_MS: "1000",
    RATE_LIMIT_PROPOSE_PER_MINUTE: "1000000",
    RATE_LIMIT_PROPOSE_PER_IP_PER_MINUTE: "1000000",
    RATE_LIMIT_TOKEN_PER_IP_PER_MINUTE: "1000000",
    // The webhook suite's receiver listens on 127.0.0.1; retries come quickly.
    WEBHOOK_ALLOW_PRIVATE_TARGETS: "1",
    WEBHOOK_POLL_INTERVAL_MS: "1000",
    WEBHOOK_BACKOFF_BASE_MS: "1000",
  };
  if (!process.env.E2E_SKIP_BUILD) execFileSync(path.join(ROOT, "node_modules/.bin/next"), ["build"], { cwd: ROOT, env, stdio: "pipe" });
  const server: ChildProcess = spawn(path.join(ROOT, "node_modules/.bin/next"), ["start", "-p", String(PORT)], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  server.stdout?.on("data", (chunk) => (log += chunk));
  server.stderr?.on("data", (chunk) => (log += chunk));
  await waitForHealth(`http://localhost:${PORT}/api/health`, 60_000).catch((error) => {
    server.kill("SIGKILL");
    throw new Error(`${error.message}\n${log}`);
  });

  process.env.DATABASE_URL = database.url;
  // Per project (see tests/helpers/fresh-database.ts): the e2e workers' database is the server's.
  project.provide("databaseUrl", database.url);
  process.env.TOLLGATE_SECRET = env.TOLLGATE_SECRET;
  process.env.E2E_BASE_URL = `http://localhost:${PORT}`;
  return async () => {
    server.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 500));
    server.kill("SIGKILL");
    await database.drop();
  };
}

async function waitForHealth(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`app did not become healthy at ${url}`);
}
