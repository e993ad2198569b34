// HTTP benchmarks against the production build with PostgreSQL (issue 8):
//   npx tsx scripts/bench/http.ts [--runs 3] [--seconds 10] [--connections 1,16,64] [--wake 200]
//     [--listing 1000000] [--listing-requests 200] [--only propose,wake,listing,start] [--skip-build] [--json]
//     [--processes <cores>] [--paths auto-allow,require-approval,statement,401]
// Creates a scratch database on DATABASE_URL's server (else 127.0.0.1:5432), builds the app (unless
// --skip-build), serves it with scripts/serve.mjs in --processes processes (WEB_CONCURRENCY; default
// one per core), bootstraps an org with an agent and a two-rule policy, then measures, each figure
// the median of --runs runs:
// - propose throughput and latency (autocannon, keep-alive) on the auto-allow and the
//   require-approval path at each concurrency, next to single-row INSERT transactions into
//   PostgreSQL at the same concurrency (the machine's raw write ceiling), and their ratio; and two
//   bounds: the proposal's one statement driven straight over pg (its database work alone), and the
//   server's floor on the same route (an unauthenticated POST, answered 401 without the database);
//   and, on each path that proposes, the window from a proposal's commit to its audit event being
//   chained by the servers' background chainers (every proposal, p50/p99); --paths runs only some paths;
// - wake latency: approval sent → the agent's waiting long-poll answered;
// - listing: queue and history pages with --listing intents in the table.
// - start: `npm start` → its first answered request, no migration pending (scripts/bench/start-time.ts).
import os from "node:os";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { disconnectDb } from "../../lib/db/client";
import { type AppProcess, TEST_SECRET, buildApp, startApp } from "../../tests/helpers/app-process";
import { createFreshDatabase } from "../../tests/helpers/fresh-database";
import { createBenchOrg } from "./http/bench-org";
import { measureListings, seedIntents } from "./http/listing";
import { type LoadResult, loadPropose, loadUnauthenticated } from "./http/propose";
import { loadRawInsert } from "./http/raw-insert";
import { loadProposeStatement } from "./http/statement-only";
import { fmt, median, printTable } from "./http/stats";
import { measureWake } from "./http/wake";
import { type ChainWindow, followChainWindow } from "./http/chain-window";
import { measureStartTime } from "./start-time";
import { type CpuUsage, startCpuMeter } from "./http/cpu-usage";
import { printTargets } from "./http/targets";

/** Connections per server process (the app's default). */
const SERVER_POOL_MAX = 10;

interface Options {
  runs: number;
  seconds: number;
  connections: number[];
  wake: number;
  listing: number;
  listingRequests: number;
  only: Set<string>;
  skipBuild: boolean;
  json: boolean;
  port: number;
  processes: number;
  /** Only the propose paths whose names contain one of these (all when unset). */
  paths: string[] | null;
}

function parseOptions(argv: string[]): Options {
  const value = (name: string, fallback: string) => {
    const at = argv.indexOf(`--${name}`);
    return at >= 0 && argv[at + 1] ? (argv[at + 1] as string) : fallback;
  };
  return {
    runs: Number(value("runs", "3")),
    seconds: Number(value("seconds", "10")),
    connections: value("connections", "1,16,64").split(",").map(Number),
    wake: Number(value("wake", "200")),
    listing: Number(value("listing", "1000000")),
    listingRequests: Number(value("listing-requests", "200")),
    only: new Set(value("only", "propose,wake,listing,start").split(",")),
    skipBuild: argv.includes("--skip-build"),
    json: argv.includes("--json"),
    port: Number(value("port", "3390")),
    processes: Number(value("processes", String(os.availableParallelism()))),
    paths: argv.includes("--paths") ? value("paths", "").split(",").filter(Boolean) : null,
  };
}

/** Median of each figure over the runs (each figure on its own, as the issue asks). */
function medianOf(results: LoadResult[]): LoadResult {
  const pick = (key: keyof LoadResult) => median(results.map((r) => r[key]));
  return { rps: pick("rps"), p50Ms: pick("p50Ms"), p99Ms: pick("p99Ms"), non2xx: pick("non2xx"), errors: pick("errors") };
}

async function repeat(runs: number, once: () => Promise<LoadResult>): Promise<LoadResult> {
  const results: LoadResult[] = [];
  for (let run = 0; run < runs; run++) results.push(await once());
  return medianOf(results);
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  // The statement-alone run derives execution tokens in this process, as the server does, from its secret.
  process.env.TOLLGATE_SECRET ??= TEST_SECRET;
  const probe = new pg.Client({ connectionString: process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres" });
  await probe.connect();
  const { rows } = await probe.query<{ server_version: string }>("SHOW server_version");
  await probe.end();
  console.log(`machine: ${os.cpus()[0]?.model} × ${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, PostgreSQL ${rows[0]?.server_version}`);
  const database = await createFreshDatabase("tollgate_bench_http");
  process.env.DATABASE_URL = database.url;
  let app: AppProcess | null = null;
  const report: Record<string, unknown> = {};
  try {
    if (!options.skipBuild) {
      const started = performance.now();
      buildApp();
      console.log(`next build in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
    app = await startApp(database.url, options.port, {
      SWEEP_INTERVAL_MS: "5000",
      WEB_CONCURRENCY: String(options.processes),
      DB_POOL_MAX: String(SERVER_POOL_MAX),
    });
    console.log(`server: scripts/serve.mjs, ${options.processes} process(es)`);
    const org = await createBenchOrg(app.url);
    const base = app.url;

    if (options.only.has("propose")) {
      const rowsOut: string[][] = [];
      const propose: unknown[] = [];
      const windowRows: string[][] = [];
      const windows: unknown[] = [];
      for (const connections of options.connections) {
        // Warm the server's code paths and pools at this concurrency, untimed.
        await loadPropose(base, org, "bench.allow", connections, 2);
        const raw = await repeat(options.runs, () => loadRawInsert(database.url, connections, options.seconds));
        const paths = {
          "auto-allow": () => loadPropose(base, org, "bench.allow", connections, options.seconds),
          "require-approval": () => loadPropose(base, org, "bench.approve", connections, options.seconds),
          "bound: statement alone, no HTTP": () => loadProposeStatement(org, "bench.allow", connections, options.seconds, SERVER_POOL_MAX * options.processes),
          "bound: 401, no database": () => loadUnauthenticated(base, connections, options.seconds),
        };
        for (const [path, once] of Object.entries(paths)) {
          if (options.paths && !options.paths.some((wanted) => path.includes(wanted))) continue;
          const follower = path.includes("401") ? null : await followChainWindow(database.url, org.orgId);
          // The servers' and PostgreSQL's CPU over the runs (the statement-alone path runs in this process: not counted).
          const meter = path.includes("statement") ? null : await startCpuMeter(app.pid, database.url);
          const result = await repeat(options.runs, once);
          const cpu: CpuUsage | null = (await meter?.stop()) ?? null;
          // Requests ≈ the median rate × the time of all runs.
          const cpuPerRequest = cpu ? cpu.totalMs / (result.rps * options.seconds * options.runs) : Number.NaN;
          const chained: ChainWindow | null = (await follower?.stop()) ?? null;
          if (chained) {
            windowRows.push([path, String(connections), String(chained.samples), fmt(chained.p50Ms), fmt(chained.p99Ms), String(chained.unchained)]);
            windows.push({ path, connections, ...chained });
          }
          rowsOut.push([path, String(connections), fmt(result.rps, 0), fmt(result.p50Ms), fmt(result.p99Ms), String(result.non2xx + result.errors), fmt(cpuPerRequest, 2), fmt(raw.rps, 0), fmt(raw.p50Ms, 2), fmt(result.rps / raw.rps, 2)]);
          propose.push({ path, connections, propose: result, rawInsert: raw, ratio: result.rps / raw.rps, cpu, cpuPerRequestMs: cpuPerRequest });
          console.log(`propose ${path} × ${connections}: ${fmt(result.rps, 0)} req/s (raw insert ${fmt(raw.rps, 0)}/s)`);
        }
      }
      report.propose = propose;
      report.chainWindow = windows;
      printTable(
        `POST /api/v1/intents vs raw INSERT, median of ${options.runs} runs of ${options.seconds} s`,
        ["path", "agents", "req/s", "p50 ms", "p99 ms", "non-2xx", "CPU ms/req", "INSERT tx/s", "INSERT p50 ms", "ratio"],
        rowsOut,
      );
      console.log("CPU ms/req: the server processes and PostgreSQL (its backends for this database, and its background processes, which the whole server shares) over the runs ÷ the requests answered; the load generator is not counted.");
      printTable(
        `Audit window: a proposal's commit → its event chained (every proposal of all ${options.runs} runs; "left" = not chained 3 s after the load)`,
        ["path", "agents", "proposals", "p50 ms", "p99 ms", "left"],
        windowRows,
      );
    }

    if (options.only.has("wake")) {
      const wake = await measureWake(base, org, options.wake);
      report.wake = wake;
      printTable(`Wake latency over ${wake.samples} approvals`, ["measure", "p50 ms", "p99 ms"], [
        ["approve sent → long-poll answered", fmt(wake.p50Ms), fmt(wake.p99Ms)],
        ["approve sent → approve answered", fmt(wake.approveP50Ms), "-"],
        ["long-poll answered after the approve's answer", "-", fmt(wake.lagP99Ms)],
      ]);
    }

    if (options.only.has("listing")) {
      const started = performance.now();
      await seedIntents(database.url, org, options.listing);
      console.log(`seeded ${options.listing.toLocaleString("en-US")} intents in ${((performance.now() - started) / 1000).toFixed(0)} s`);
      const listings = await measureListings(base, org, options.listingRequests);
      report.listing = listings;
      printTable(
        `Listings with ${options.listing.toLocaleString("en-US")} intents in the table, ${options.listingRequests} sequential requests each`,
        ["page", "items", "p50 ms", "p95 ms"],
        listings.map((l) => [l.name, String(l.items), fmt(l.p50Ms), fmt(l.p95Ms)]),
      );
    }
    if (options.only.has("start")) report.start = await measureStartTime(database.url, options.port + 1, options.runs);
    printTargets(report as Parameters<typeof printTargets>[0]);
    if (options.json) console.log(JSON.stringify(report));
  } catch (error) {
    // What the server said is usually the reason.
    if (app) console.error(`--- server output (tail) ---\n${app.log().slice(-4000)}`);
    throw error;
  } finally {
    await app?.stop();
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
