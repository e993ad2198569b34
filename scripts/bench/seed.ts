// Demo seed benchmark: how long `npm run demo`'s seed (scripts/seed.ts: the organization, members,
// policy, 30 days of history and the live items) takes on a brand-new database.
//   npx tsx scripts/bench/seed.ts [--runs 3] [--only pglite,postgres]
// Each run gets a database of its own, migrated first (not timed): a scratch PostgreSQL database
// on DATABASE_URL's server (else 127.0.0.1:5432), and a fresh embedded PGlite folder served by
// scripts/pglite-server.mjs as the demo serves it. The timed part is the seed script as the demo
// runs it (`npx tsx scripts/seed.ts`, a child process, so its start-up counts too).

import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createFreshDatabase } from "../../tests/helpers/fresh-database";

const ROOT = path.resolve(import.meta.dirname, "../..");
const TARGET_MS = 30_000;

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
}

/** Runs the seed against `url`; answers its wall time in ms. */
function timeSeed(url: string, scratch: string): number {
  const started = performance.now();
  execFileSync(path.join(ROOT, "node_modules/.bin/tsx"), ["scripts/seed.ts", "--credentials", path.join(scratch, "demo.json")], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url, TOLLGATE_SECRET: "bench-seed-secret-0123456789abcdef0123456789" },
    stdio: "pipe",
  });
  return performance.now() - started;
}

async function onPostgres(scratch: string): Promise<number> {
  const database = await createFreshDatabase("tollgate_bench_seed");
  try {
    return timeSeed(database.url, scratch);
  } finally {
    await database.drop();
  }
}

async function onPglite(scratch: string): Promise<number> {
  const server = spawn(process.execPath, [path.join(ROOT, "scripts/pglite-server.mjs"), path.join(scratch, "pglite"), "0"], { cwd: ROOT });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      server.once("exit", (code) => reject(new Error(`pglite-server exited with ${code}`)));
      server.stdout.on("data", (chunk: Buffer) => {
        const port = /on 127\.0\.0\.1:(\d+)/.exec(chunk.toString())?.[1];
        if (port) resolve(`postgres://postgres@127.0.0.1:${port}/postgres`);
      });
    });
    execFileSync(path.join(ROOT, "node_modules/.bin/prisma"), ["migrate", "deploy"], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url }, stdio: "pipe" });
    return timeSeed(url, scratch);
  } finally {
    server.kill("SIGTERM");
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  const runs = Number(option("runs", "3"));
  const modes = option("only", "pglite,postgres").split(",");
  console.log(`Demo seed on a fresh database, ${runs} run(s) per mode (target: under ${TARGET_MS / 1000} s)`);
  for (const mode of modes) {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const scratch = mkdtempSync(path.join(tmpdir(), "tollgate-bench-seed-"));
      try {
        times.push(mode === "pglite" ? await onPglite(scratch) : await onPostgres(scratch));
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    }
    const worst = Math.max(...times);
    console.log(
      `  ${mode.padEnd(9)} median ${(median(times) / 1000).toFixed(1)} s, worst ${(worst / 1000).toFixed(1)} s` +
        `  (${times.map((t) => (t / 1000).toFixed(1)).join(", ")})  ${worst < TARGET_MS ? "under" : "OVER"} the target`,
    );
    if (worst >= TARGET_MS) process.exitCode = 1;
  }
}

await main();
