// `npm start` → its first answered request (issue 16: at most 3 s with no pending migration), on the
// production build and a real, fully migrated PostgreSQL database. Each run starts `npm start`
// afresh, polls GET /api/health every 10 ms until it answers 200, and notes when the server's own
// lines appeared, so a miss shows which stage holds it back. Called by scripts/bench/http.ts.
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { appEnv } from "../../tests/helpers/app-process";
import { fmt, median, printTable } from "./http/stats";

const ROOT = path.resolve(import.meta.dirname, "../..");
const TARGET_MS = 3000;
const POLL_MS = 10;

export interface StartTimeResult {
  runs: number;
  /** `npm start` spawned → first 200 from GET /api/health, median and worst of the runs. */
  firstAnswerMs: number;
  worstMs: number;
  /** Medians of when each stage's line appeared, from the spawn. */
  migrationCheckMs: number;
  listeningMs: number;
  targetMs: number;
  met: boolean;
}

interface Run {
  firstAnswerMs: number;
  migrationCheckMs: number;
  listeningMs: number;
}

async function once(databaseUrl: string, port: number): Promise<Run> {
  const started = performance.now();
  // Its own process group, so stopping it stops npm and the server together.
  const child: ChildProcess = spawn("npm", ["start"], {
    cwd: ROOT,
    env: appEnv(databaseUrl, port, { PORT: String(port), WEB_CONCURRENCY: "1" }),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  const seen: Record<string, number> = {};
  child.stdout?.on("data", (chunk) => {
    output += chunk;
    if (seen.check === undefined && /not running prisma migrate deploy/.test(output)) seen.check = performance.now() - started;
    if (seen.listening === undefined && /listening on/.test(output)) seen.listening = performance.now() - started;
  });
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}) before answering:\n${output}`);
      const status = await fetch(`http://127.0.0.1:${port}/api/health`).then((res) => res.status, () => 0);
      if (status === 200) break;
      if (performance.now() - started > 60_000) throw new Error(`npm start did not answer within 60 s:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    const firstAnswerMs = performance.now() - started;
    if (/Running prisma migrate deploy/.test(output)) throw new Error(`a migration was pending, so this is not the no-migration start:\n${output}`);
    return { firstAnswerMs, migrationCheckMs: seen.check ?? Number.NaN, listeningMs: seen.listening ?? Number.NaN };
  } finally {
    try {
      process.kill(-(child.pid as number), "SIGTERM");
    } catch {
      // already gone
    }
    const timer = setTimeout(() => process.kill(-(child.pid as number), "SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  }
}

/** Runs `npm start` `runs` times on `port` against the migrated `databaseUrl` and prints the result against the target. */
export async function measureStartTime(databaseUrl: string, port: number, runs: number): Promise<StartTimeResult> {
  const results: Run[] = [];
  for (let n = 0; n < runs; n++) results.push(await once(databaseUrl, port));
  const pick = (key: keyof Run) => median(results.map((r) => r[key]));
  const firstAnswerMs = pick("firstAnswerMs");
  const result: StartTimeResult = {
    runs,
    firstAnswerMs,
    worstMs: Math.max(...results.map((r) => r.firstAnswerMs)),
    migrationCheckMs: pick("migrationCheckMs"),
    listeningMs: pick("listeningMs"),
    targetMs: TARGET_MS,
    met: firstAnswerMs <= TARGET_MS,
  };
  printTable(`npm start → first answered request, no pending migration, median of ${runs} starts`, ["stage (from spawn)", "ms"], [
    ["migration history checked (no deploy)", fmt(result.migrationCheckMs, 0)],
    ["server listening (Next.js prepared)", fmt(result.listeningMs, 0)],
    ["first request answered (GET /api/health)", fmt(result.firstAnswerMs, 0)],
    ["worst run", fmt(result.worstMs, 0)],
  ]);
  const verdict = result.met ? "met" : `MISSED; the largest stage is ${largestStage(result)}`;
  console.log(`target: npm start serves its first request ≤ 3 s → ${fmt(firstAnswerMs / 1000, 2)} s, ${verdict}`);
  return result;
}

function largestStage(r: StartTimeResult): string {
  const stages: [string, number][] = [
    ["npm, Node.js and the migration check", r.migrationCheckMs],
    ["loading Next.js and preparing the app", r.listeningMs - r.migrationCheckMs],
    ["the first request (Next.js loads every route on start)", r.firstAnswerMs - r.listeningMs],
  ];
  const [name, ms] = stages.reduce((a, b) => (b[1] > a[1] ? b : a));
  return `${name} (${fmt(ms, 0)} ms)`;
}
