// Where a proposal's CPU goes (issue 16): serves the production build (run `next build` first) with
// every server process under `node --cpu-prof`, drives POST /api/v1/intents (or an approval loop)
// with autocannon, counts the CPU of the servers and of PostgreSQL over the run from /proc, and
// writes the profiles for scripts/bench/profile-buckets.ts to bucket.
//   npx tsx scripts/bench/profile-propose.ts [--path allow|approve|401|approval] [--connections 16]
//     [--seconds 10] (--path statements: each statement alone, its PostgreSQL CPU and plan) [--processes 2] [--out /tmp/tollgate-profile] [--no-profile]
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { disconnectDb } from "../../lib/db/client";
import { spawn } from "node:child_process";
import path from "node:path";
import { TEST_SECRET, appEnv } from "../../tests/helpers/app-process";
import { createFreshDatabase } from "../../tests/helpers/fresh-database";
import { createBenchOrg, expectJson, proposalBody } from "./http/bench-org";
import { startCpuMeter } from "./http/cpu-usage";
import { measureStatementCosts } from "./http/statement-cpu";
import { fmt, quantile } from "./http/stats";

const { values } = parseArgs({
  options: {
    path: { type: "string", default: "allow" },
    connections: { type: "string", default: "16" },
    seconds: { type: "string", default: "10" },
    processes: { type: "string", default: "2" },
    out: { type: "string", default: "/tmp/tollgate-profile" },
    "no-profile": { type: "boolean", default: false },
    port: { type: "string", default: "3392" },
  },
});
const [connections, seconds] = [Number(values.connections), Number(values.seconds)];

process.env.TOLLGATE_SECRET ??= TEST_SECRET;
const database = await createFreshDatabase("tollgate_bench_profile");
process.env.DATABASE_URL = database.url;
rmSync(values.out, { recursive: true, force: true });
mkdirSync(values.out, { recursive: true });
// --cpu-prof is refused in NODE_OPTIONS; cluster workers inherit the primary's exec arguments instead.
const nodeArgs = values["no-profile"] ? [] : ["--cpu-prof", `--cpu-prof-dir=${values.out}`, "--cpu-prof-interval", "500"];
const app = await startServer(nodeArgs, database.url, Number(values.port), { SWEEP_INTERVAL_MS: "5000", WEB_CONCURRENCY: values.processes, DB_POOL_MAX: "10" });
try {
  const org = await createBenchOrg(app.url);
  const action = values.path === "approve" ? "bench.approve" : "bench.allow";
  const propose = (duration: number) =>
    autocannon({
      url: `${app.url}/api/v1/intents`,
      method: "POST",
      connections,
      duration,
      headers: { ...(values.path === "401" ? {} : { authorization: `Bearer ${org.agentKey}` }), "content-type": "application/json" },
      body: proposalBody(action),
    });
  if (values.path === "statements") {
    for (const cost of await measureStatementCosts(org, 2000)) {
      console.log(`\n== ${cost.name}: backend CPU ${fmt(cost.backendMs, 3)} ms per execution, round trip ${fmt(cost.roundTripMs, 3)} ms (${cost.runs} runs, one connection)\n${cost.plan}`);
    }
  } else if (values.path === "approval") {
    await approveAll(app.url, org, await pending(app.url, org, 20));
    const ids = await pending(app.url, org, Math.max(50, seconds * 20));
    const meter = await startCpuMeter(app.pid, database.url);
    const started = performance.now();
    const times = await approveAll(app.url, org, ids);
    report(await meter.stop(), times.length, performance.now() - started);
    console.log(`approve p50 ${fmt(quantile(times, 0.5))} ms, p99 ${fmt(quantile(times, 0.99))} ms`);
  } else {
    await propose(3);
    const meter = await startCpuMeter(app.pid, database.url);
    const started = performance.now();
    const result = await propose(seconds);
    const answered = result.requests.total;
    report(await meter.stop(), answered, performance.now() - started);
    console.log(`${fmt(result.requests.average, 0)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}, errors ${result.errors}`);
  }
} finally {
  await app.stop();
  await disconnectDb();
  await database.drop();
}

function report(cpu: Awaited<ReturnType<Awaited<ReturnType<typeof startCpuMeter>>["stop"]>>, requests: number, elapsedMs: number) {
  // The measured window in CLOCK_MONOTONIC µs, the clock of the profiles' timestamps, so the buckets leave out start-up and warm-up.
  const stopUs = Number(process.hrtime.bigint() / 1000n);
  writeFileSync(path.join(values.out, "window.json"), JSON.stringify({ startUs: stopUs - elapsedMs * 1000, stopUs, requests, cpu }));
  const per = (ms: number) => fmt(ms / requests, 3);
  console.log(`${requests} requests in ${fmt(elapsedMs / 1000, 1)} s; CPU ms per request: node ${per(cpu.nodeMs)}, postgres backends ${per(cpu.backendsMs)}, postgres background ${per(cpu.backgroundMs)}, total ${per(cpu.totalMs)} (load generator ${per(cpu.loadGeneratorMs)})`);
}

type Org = Awaited<ReturnType<typeof createBenchOrg>>;

/** `count` fresh approval-required intents. */
async function pending(baseUrl: string, org: Org, count: number): Promise<string[]> {
  const agent = { authorization: `Bearer ${org.agentKey}`, "content-type": "application/json" };
  const ids: string[] = [];
  for (let n = 0; n < count; n++) ids.push((await expectJson(fetch(`${baseUrl}/api/v1/intents`, { method: "POST", headers: agent, body: proposalBody("bench.approve") }), 201)).id as string);
  return ids;
}

/** Approves each intent in turn, one reviewer; answers each approve's time in ms, sorted. */
async function approveAll(baseUrl: string, org: Org, ids: string[]): Promise<number[]> {
  const admin = { authorization: `Bearer ${org.adminToken}`, "content-type": "application/json" };
  const times: number[] = [];
  for (const id of ids) {
    const sent = performance.now();
    await expectJson(fetch(`${baseUrl}/api/v1/approvals/${id}/approve`, { method: "POST", headers: admin, body: JSON.stringify({ reason: "bench" }) }), 200);
    times.push(performance.now() - sent);
  }
  return times.sort((a, b) => a - b);
}

/** scripts/serve.mjs under `nodeArgs`, as tests/helpers/app-process.ts starts it; resolves once /api/health answers. */
async function startServer(nodeArgs: string[], databaseUrl: string, port: number, extra: Record<string, string>) {
  const child = spawn(process.execPath, [...nodeArgs, path.resolve(import.meta.dirname, "../serve.mjs"), "--port", String(port)], {
    env: appEnv(databaseUrl, port, extra),
    stdio: ["ignore", "inherit", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://localhost:${port}`;
  for (const deadline = Date.now() + 60_000; ; ) {
    if (child.exitCode !== null) throw new Error("the server exited before answering");
    if (await fetch(`${url}/api/health`).then((r) => r.ok, () => false)) break;
    if (Date.now() > deadline) throw new Error("the server did not answer within 60 s");
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    pid: child.pid as number,
    // SIGTERM lets every process exit normally, which is when --cpu-prof writes its profile.
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}
