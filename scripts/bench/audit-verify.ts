// Audit verify benchmark (issue 16, point 7): GET /api/v1/audit/verify on a long chain, cold and warm.
//   npx tsx scripts/bench/audit-verify.ts [--events 1000000] [--runs 3] [--profile <file.cpuprofile>]
// Creates a scratch database on DATABASE_URL's server (else 127.0.0.1:5432), bootstraps an org,
// writes --events audit events for it already chained (scripts/bench/audit/write-chain.ts: the
// app's own links, signed checkpoints every 1,000 events), VACUUM ANALYZEs, then calls the route's
// GET handler in-process with the admin's token, each figure the median of --runs calls:
// - cold: `?full=true` (every hash recomputed from the genesis, every checkpoint's signature checked);
// - warm: a repeat (the verified prefix re-checked by PostgreSQL's chunk digests, the rest walked);
// - warm after 1,000 and after 10,000 new events (appended before each call).
// Every answer must be ok with the chain's length. Peak RSS is sampled during each call, and this
// process's CPU time is counted (the hashing; PostgreSQL's digests are not in it). With
// --profile, one more cold call runs under the V8 profiler and its profile is written to the file.

import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import os from "node:os";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { TEST_SECRET } from "../../tests/helpers/app-process";
import { createFreshDatabase } from "../../tests/helpers/fresh-database";
import { fmt, median, printTable } from "./http/stats";

interface Options {
  events: number;
  runs: number;
  profile: string | null;
}

function parseOptions(argv: string[]): Options {
  const value = (name: string, fallback: string | null) => {
    const at = argv.indexOf(`--${name}`);
    return at >= 0 && argv[at + 1] ? (argv[at + 1] as string) : fallback;
  };
  return { events: Number(value("events", "1000000")), runs: Number(value("runs", "3")), profile: value("profile", null) };
}

type Verify = (full: boolean) => Promise<{ ok: boolean; events: number; verified_from?: number; reason?: string }>;

interface Timed {
  ms: number;
  /** This process's CPU time during the call (PostgreSQL's is not in it). */
  cpuMs: number;
  peakRssMiB: number;
  verifiedFrom: number;
  events: number;
}

/** One call, timed, with the process's RSS sampled every 10 ms while it runs. */
async function timed(verify: Verify, full: boolean, expected: number): Promise<Timed> {
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 10);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const answer = await verify(full);
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  if (!answer.ok || answer.events !== expected) throw new Error(`verify answered ${JSON.stringify(answer)}, expected ok with ${expected} events`);
  return { ms, cpuMs: (used.user + used.system) / 1000, peakRssMiB: peak / 2 ** 20, verifiedFrom: answer.verified_from ?? 0, events: answer.events };
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  process.env.TOLLGATE_SECRET ??= TEST_SECRET;
  const database = await createFreshDatabase("tollgate_bench_audit");
  process.env.DATABASE_URL = database.url;
  // The app's modules only after DATABASE_URL names the scratch database.
  const { bootstrapOrg } = await import("../../lib/domain/orgs/bootstrap-org");
  const { chainAuditEvents } = await import("../../lib/domain/audit/chain-audit-events");
  const { disconnectDb } = await import("../../lib/db/client");
  const { GET } = await import("../../app/api/v1/audit/verify/route");
  const { chainWriter } = await import("./audit/write-chain");

  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const { rows: version } = await client.query<{ server_version: string }>("SHOW server_version");
  const load = () => os.loadavg().map((l) => l.toFixed(2)).join(", ");
  console.log(`machine: ${os.cpus()[0]?.model} × ${os.cpus().length}, node ${process.version}, PostgreSQL ${version[0]?.server_version}; load average at start ${load()}`);
  try {
    const boot = await bootstrapOrg({ org: "bench-audit", email: "bench-audit@bench.test", password: "bench-password-123" });
    await chainAuditEvents(boot.org_id);
    await client.query("INSERT INTO agents (id, org_id, name) SELECT 'agt_bench_' || n, $1, 'agent-' || n FROM generate_series(1, 5) n", [boot.org_id]);
    const writer = await chainWriter(client, boot.org_id, { agents: [1, 2, 3, 4, 5].map((n) => `agt_bench_${n}`), users: [boot.user_id] });

    let started = performance.now();
    await writer.append(options.events);
    const wrote = (performance.now() - started) / 1000;
    started = performance.now();
    await client.query("VACUUM ANALYZE audit_events");
    await client.query("VACUUM ANALYZE audit_checkpoints");
    const { rows: size } = await client.query<{ size: string }>("SELECT pg_size_pretty(pg_total_relation_size('audit_events')) AS size");
    console.log(`wrote ${writer.head.seq.toLocaleString("en-US")} events in ${wrote.toFixed(0)} s (${size[0]?.size} with indexes), vacuumed in ${((performance.now() - started) / 1000).toFixed(0)} s`);

    const verify: Verify = async (full) => {
      const req = new Request(`http://localhost/api/v1/audit/verify${full ? "?full=true" : ""}`, { headers: { authorization: `Bearer ${boot.token}` } });
      const res = await GET(req, { params: Promise.resolve({}) });
      if (res.status !== 200) throw new Error(`verify answered ${res.status}: ${await res.text()}`);
      return res.json();
    };
    const series = async (runs: number, before: () => Promise<unknown>, full: boolean) => {
      const out: Timed[] = [];
      for (let run = 0; run < runs; run++) {
        await before();
        out.push(await timed(verify, full, writer.head.seq));
      }
      return out;
    };
    const nothing = async () => {};
    const results: [string, Timed[]][] = [];
    results.push(["cold (full=true)", await series(options.runs, nothing, true)]);
    results.push(["warm (a repeat)", await series(options.runs, nothing, false)]);
    results.push(["warm, 1,000 new events", await series(options.runs, () => writer.append(1000), false)]);
    results.push(["warm, 10,000 new events", await series(options.runs, () => writer.append(10_000), false)]);

    printTable(
      `GET /api/v1/audit/verify on ${options.events.toLocaleString("en-US")} events (route handler in-process), median of ${options.runs} calls`,
      ["call", "ms", "runs (ms)", "node CPU ms", "chain events/s", "verified from", "peak RSS MiB"],
      results.map(([name, runs]) => {
        const ms = median(runs.map((r) => r.ms));
        const events = median(runs.map((r) => r.events));
        return [name, fmt(ms, 0), runs.map((r) => r.ms.toFixed(0)).join(" / "), fmt(median(runs.map((r) => r.cpuMs)), 0), fmt((events / ms) * 1000, 0), runs[runs.length - 1]?.verifiedFrom.toLocaleString("en-US") ?? "-", fmt(Math.max(...runs.map((r) => r.peakRssMiB)), 0)];
      }),
    );
    console.log(`\nchain at the end: ${writer.head.seq.toLocaleString("en-US")} events; process max RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB; load average at end ${load()}`);

    if (options.profile) {
      const session = new Session();
      session.connect();
      await session.post("Profiler.enable");
      await session.post("Profiler.start");
      await timed(verify, true, writer.head.seq);
      const { profile } = await session.post("Profiler.stop");
      writeFileSync(options.profile, JSON.stringify(profile));
      session.disconnect();
      console.log(`cold call's CPU profile: ${options.profile}`);
    }
  } finally {
    await client.end();
    await disconnectDb();
    await database.drop();
  }
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(resolve(entry)).href) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
