// Tollgate's policy engine next to json-rules-engine and casbin, deciding the same rules.
//   npm run bench:policy-compare
//   npx tsx scripts/bench/policy-compare.ts --rules 10,100,1000 --runs 5 --decisions 20000 --budget-ms 3000 [--json]
// The generated policy and intents are those of scripts/bench/policy.ts; the policy is translated
// mechanically for each engine (scripts/bench/engines/). Before anything is timed, all three
// engines decide every intent of the pool and must agree on outcome and rule id, else the
// benchmark stops at the first difference. Each figure is the median over --runs runs; the runs
// alternate engines so that load from elsewhere on the machine falls on all of them alike.
// Results and the exact command: docs/bench-policy-compare.md.

import { readFileSync } from "node:fs";
import os from "node:os";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { type Outcome, decide as tollgateDecide, compilePolicy } from "../../lib/policy";
import { createEngines, findDisagreement, validDocument } from "./engines/agreement";
import { measureRun, type PassLimits, type RunFigures, warmUp } from "./engines/measure";
import { buildBenchIntents, buildBenchPolicy, INTENT_POOL, timerOverheadUs } from "./policy";

type Options = { rules: number[]; runs: number; limits: PassLimits; json: boolean };

export type CompareResult = Omit<RunFigures, "decisions"> & { rules: number; engine: string; decisionsPerRun: number; runs: RunFigures[] };

export type GateResult = { rules: number; intents: number; outcomes: Record<Outcome | "default", number> };

const USAGE = "usage: policy-compare.ts [--rules 10,100,1000] [--runs 5] [--decisions 20000] [--budget-ms 3000] [--json]";

export async function comparePolicyEngines(ruleCount: number, runs: number, limits: PassLimits) {
  const doc = validDocument(buildBenchPolicy(ruleCount));
  const intents = buildBenchIntents(ruleCount, INTENT_POOL);
  const engines = await createEngines(doc);

  const mismatch = await findDisagreement(engines, intents);
  if (mismatch) {
    throw new Error(
      `engines disagree on intent #${mismatch.index} of the ${ruleCount}-rule policy:\n` +
        `${JSON.stringify(mismatch.decisions, null, 2)}\nintent: ${JSON.stringify(mismatch.intent)}`,
    );
  }
  const gate: GateResult = { rules: ruleCount, intents: intents.length, outcomes: outcomeMix(doc, intents) };

  for (const engine of engines) await warmUp(engine, intents, { maxDecisions: 50_000, budgetMs: limits.budgetMs / 2 });
  const perEngine = new Map(engines.map((e) => [e.name, [] as RunFigures[]]));
  const cursor = new Map(engines.map((e) => [e.name, 0]));
  for (let run = 0; run < runs; run++) {
    for (const engine of engines) {
      // Each run continues through the pool where the engine's previous run stopped.
      const start = cursor.get(engine.name) as number;
      const figures = await measureRun(engine, intents, start, limits);
      cursor.set(engine.name, (start + figures.decisions) % intents.length);
      perEngine.get(engine.name)?.push(figures);
    }
  }
  const results: CompareResult[] = [...perEngine].map(([engine, runFigures]) => ({
    rules: ruleCount,
    engine,
    decisionsPerRun: median(runFigures.map((r) => r.decisions)),
    p50Us: median(runFigures.map((r) => r.p50Us)),
    p99Us: median(runFigures.map((r) => r.p99Us)),
    meanUs: median(runFigures.map((r) => r.meanUs)),
    opsPerSec: Math.round(median(runFigures.map((r) => r.opsPerSec))),
    runs: runFigures,
  }));
  return { gate, results };
}

function outcomeMix(doc: ReturnType<typeof validDocument>, intents: ReturnType<typeof buildBenchIntents>) {
  const policy = compilePolicy(doc);
  const mix: GateResult["outcomes"] = { allow: 0, deny: 0, require_approval: 0, default: 0 };
  for (const intent of intents) {
    const d = tollgateDecide(policy, intent);
    mix[d.ruleId === null ? "default" : d.outcome]++;
  }
  return mix;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export function machine() {
  const cpus = os.cpus();
  const version = (name: string) =>
    (JSON.parse(readFileSync(new URL(`../../node_modules/${name}/package.json`, import.meta.url), "utf8")) as { version: string }).version;
  return {
    cpu: cpus[0]?.model ?? "unknown",
    cores: cpus.length,
    node: process.version,
    os: `${os.platform()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg().map((x) => Number(x.toFixed(2))),
    libraries: { "json-rules-engine": version("json-rules-engine"), casbin: version("casbin") },
  };
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { rules: [], runs: 5, limits: { maxDecisions: 20_000, budgetMs: 3000 }, json: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = (argv[i] as string).split("=", 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i] ?? "";
    if (flag === "--json") opts.json = true;
    else if (flag === "--rules") opts.rules.push(...value().split(",").filter(Boolean).map(toCount));
    else if (flag === "--runs") opts.runs = Math.max(1, toCount(value()));
    else if (flag === "--decisions") opts.limits.maxDecisions = Math.max(1, toCount(value()));
    else if (flag === "--budget-ms") opts.limits.budgetMs = toCount(value());
    else throw new Error(`unknown argument ${argv[i]}; ${USAGE}`);
  }
  if (opts.rules.length === 0) opts.rules = [10, 100, 1000];
  return opts;
}

function toCount(text: string): number {
  const n = Number(text.replaceAll("_", ""));
  if (!Number.isInteger(n) || n < 0) throw new Error(`not a count: ${text}; ${USAGE}`);
  return n;
}

/** Rules down, engines across: "p50 / p99 µs" and decisions/s per engine. */
function printTable(results: CompareResult[]): void {
  const engines = [...new Set(results.map((r) => r.engine))];
  const ruleCounts = [...new Set(results.map((r) => r.rules))];
  const cell = (rules: number, engine: string) => results.find((r) => r.rules === rules && r.engine === engine);
  const header = ["rules", ...engines.flatMap((e) => [`${e} p50 / p99 µs`, "decisions/s"])];
  const rows = ruleCounts.map((rules) => [
    rules.toLocaleString("en-US"),
    ...engines.flatMap((e) => {
      const r = cell(rules, e);
      return r ? [`${fmt(r.p50Us)} / ${fmt(r.p99Us)}`, r.opsPerSec.toLocaleString("en-US")] : ["", ""];
    }),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => (row[c] as string).length)));
  const line = (cells: string[]) => cells.map((x, c) => x.padStart(widths[c] as number)).join("  ");
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  const perRun = results.map((r) => `${r.engine}@${r.rules} ${r.decisionsPerRun.toLocaleString("en-US")}`).join(", ");
  console.log(`\ntimed decisions per run (median): ${perRun}`);
}

/** Three significant digits, no exponent: 1.27, 12.7, 127, 12,700. */
function fmt(us: number): string {
  return us >= 100 ? Math.round(us).toLocaleString("en-US") : us.toPrecision(3);
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const host = machine();
  if (!opts.json) {
    console.log(`machine: ${host.cpu}, ${host.cores} cores, node ${host.node}, ${host.os}, load ${host.loadAverage.join(" ")}`);
    console.log(`engines: tollgate (this tree), json-rules-engine ${host.libraries["json-rules-engine"]}, casbin ${host.libraries.casbin}`);
    console.log(`runs: ${opts.runs}; per run ≤ ${opts.limits.maxDecisions.toLocaleString("en-US")} decisions or ${opts.limits.budgetMs} ms per engine\n`);
  }
  const gates: GateResult[] = [];
  const results: CompareResult[] = [];
  for (const rules of opts.rules) {
    const out = await comparePolicyEngines(rules, opts.runs, opts.limits);
    gates.push(out.gate);
    results.push(...out.results);
    if (!opts.json) {
      const o = out.gate.outcomes;
      console.log(
        `${rules} rules: all 3 engines agree on ${out.gate.intents} intents (allow ${o.allow}, deny ${o.deny}, require_approval ${o.require_approval}, default ${o.default})`,
      );
    }
  }
  const overheadUs = timerOverheadUs();
  if (opts.json) {
    console.log(JSON.stringify({ machine: host, options: opts, gates, results, timerOverheadUs: overheadUs }, null, 2));
    return;
  }
  console.log("");
  printTable(results);
  console.log(`(timer overhead per sample ≈ ${overheadUs.toFixed(3)} µs, included in p50/p99; decisions/s from an untimed pass)`);
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(resolve(entry)).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
