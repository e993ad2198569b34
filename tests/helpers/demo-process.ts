import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** What `npm run demo` keeps in .data/demo.json (and prints). */
export interface DemoCredentials {
  url: string;
  org_id: string;
  login: { email: string; password: string };
  admin_token: string;
  agent: { name: string; api_key: string };
}

/** A running `npm run demo`, started the way the README says. */
export interface Demo {
  dir: string;
  url: string;
  port: number;
  /** Everything the demo printed so far: install, migrations, seed, build, then the server. */
  output(): string;
  /** What the server (and the embedded database) printed since "Starting Tollgate". */
  serverLog(): string;
  credentials(): DemoCredentials;
  /** Ctrl-C, as a user stops it: resolves once every process of the demo has exited. */
  stop(): Promise<void>;
}

/**
 * A clean copy of this checkout: the files a fresh clone would hold (tracked and new, not ignored;
 * uncommitted edits included, so the test sees the tree under test), without node_modules, .next or .data.
 */
export function cleanCopy(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" });
  for (const file of files.split("\0").filter(Boolean)) {
    const from = path.join(ROOT, file);
    if (!existsSync(from)) continue; // deleted in the working tree
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    copyFileSync(from, path.join(dir, file));
  }
  return dir;
}

/** A copy of a demo folder with its install and build but none of its data (node_modules hard-linked). */
export function copyInstalled(from: string, prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  execFileSync("cp", ["-al", path.join(from, "node_modules"), path.join(dir, "node_modules")]);
  const left = (src: string) => /^(node_modules|\.data)(\/|$)/.test(path.relative(from, src));
  cpSync(from, dir, { recursive: true, preserveTimestamps: true, filter: (src) => !left(src) });
  return dir;
}

/**
 * The environment of someone who just cloned the repo: this process's minus what the test
 * runner set (its database, secret, sweeper and rate-limit settings, NODE_ENV=test), plus `extra`.
 */
export function newcomerEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(DATABASE_URL|TOLLGATE_SECRET|NEXTAUTH_URL|NODE_ENV|SWEEP_INTERVAL_MS|RATE_LIMIT_.*|VITEST.*|E2E_.*|TEST|DB_.*|WEBHOOK_.*|PGLITE_.*)$/.test(name)) continue;
    env[name] = value;
  }
  // No NODE_ENV: the demo and next build choose their own, as for someone at a fresh shell.
  return { ...env, NEXT_TELEMETRY_DISABLED: "1", ...extra } as unknown as NodeJS.ProcessEnv;
}

/** Runs `npm run demo` in `dir` on `port` and waits until it serves (`timeoutMs` covers npm ci and next build). */
export async function startDemo(dir: string, port: number, extra: Record<string, string> = {}, timeoutMs = 15 * 60_000): Promise<Demo> {
  // Its own process group, so stop() reaches the server and the embedded database behind npm.
  const child: ChildProcess = spawn("npm", ["run", "demo"], { cwd: dir, env: newcomerEnv({ PORT: String(port), ...extra }), stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));
  const url = `http://localhost:${port}`;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid as number), signal);
    } catch {
      // already gone
    }
  };
  const demo: Demo = {
    dir,
    url,
    port,
    output: () => output,
    serverLog: () => output.slice(output.indexOf("Starting Tollgate on")),
    credentials: () => JSON.parse(readFileSync(path.join(dir, ".data/demo.json"), "utf8")),
    async stop() {
      signalGroup("SIGINT");
      const timer = setTimeout(() => signalGroup("SIGKILL"), 20_000);
      await exited;
      // npm exits with its child; give the rest of the group (server, database) their moment too.
      const deadline = Date.now() + 20_000;
      while (groupAlive(child.pid as number) && Date.now() < deadline) await sleep(100);
      clearTimeout(timer);
      if (groupAlive(child.pid as number)) signalGroup("SIGKILL");
    },
  };
  const deadline = Date.now() + timeoutMs;
  while (!gone && Date.now() < deadline) {
    const healthy = output.includes("Starting Tollgate on") && (await fetch(`${url}/api/health`).then((r) => r.ok, () => false));
    if (healthy) return demo;
    await sleep(500);
  }
  await demo.stop();
  throw new Error(`npm run demo did not serve ${url} (${gone ? "it exited" : "timed out"}):\n${output.slice(-6000)}`);
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
