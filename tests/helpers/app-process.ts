import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");
const NEXT = path.join(ROOT, "node_modules/.bin/next");

export const TEST_SECRET = "e2e-test-secret-e2e-test-secret-e2e-test";

/** A production server of this checkout (scripts/serve.mjs, what `npm start` runs), as users run it. */
export interface AppProcess {
  url: string;
  port: number;
  /** The server's process (the cluster primary when WEB_CONCURRENCY > 1). */
  pid: number;
  /** Everything the server printed so far (for failure messages). */
  log(): string;
  /** SIGTERM, then SIGKILL after a grace period; resolves once the process has exited. */
  stop(): Promise<void>;
  /** SIGKILL at once, as a crash would; resolves once the process has exited. */
  kill(): Promise<void>;
}

/** `next build` of this checkout (the e2e suites and benchmarks serve that build). */
export function buildApp(env: NodeJS.ProcessEnv = process.env): void {
  execFileSync(NEXT, ["build"], { cwd: ROOT, env: { ...env, NEXT_TELEMETRY_DISABLED: "1" }, stdio: "pipe" });
}

/** The environment a test server runs with: the database, a fixed secret, a fast sweeper. */
export function appEnv(databaseUrl: string, port: number, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: databaseUrl,
    TOLLGATE_SECRET: process.env.TOLLGATE_SECRET ?? TEST_SECRET,
    NEXTAUTH_URL: `http://localhost:${port}`,
    NEXT_TELEMETRY_DISABLED: "1",
    SWEEP_INTERVAL_MS: "1000",
    // Suites and benchmarks drive one server from one address far faster than any agent would.
    RATE_LIMIT_PROPOSE_PER_MINUTE: "1000000",
    RATE_LIMIT_PROPOSE_PER_IP_PER_MINUTE: "1000000",
    RATE_LIMIT_TOKEN_PER_IP_PER_MINUTE: "1000000",
    RATE_LIMIT_PASSKEY_OPTIONS_PER_IP_PER_MINUTE: "1000000",
    RATE_LIMIT_LOGIN_FAILURES_PER_IP: "1000000",
    ...extra,
  };
}

/** Starts the production server on `port` and waits until /api/health answers 200. */
export async function startApp(databaseUrl: string, port: number, extra: Record<string, string> = {}): Promise<AppProcess> {
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, "scripts/serve.mjs"), "--port", String(port)], {
    cwd: ROOT,
    env: appEnv(databaseUrl, port, extra),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://localhost:${port}`;
  const signal = async (name: NodeJS.Signals, graceMs: number) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(name);
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
  };
  const app: AppProcess = { url, port, pid: child.pid as number, log: () => output, stop: () => signal("SIGTERM", 3000), kill: () => signal("SIGKILL", 0) };
  try {
    await waitForHealth(`${url}/api/health`, 60_000, exited);
  } catch (error) {
    await app.kill();
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  return app;
}

async function waitForHealth(url: string, timeoutMs: number, exited: Promise<void>): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !gone) {
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(gone ? `app exited before becoming healthy at ${url}` : `app did not become healthy at ${url}`);
}
