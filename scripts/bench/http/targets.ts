import type { CpuUsage } from "./cpu-usage";
import type { LoadResult } from "./propose";
import { fmt } from "./stats";
import type { WakeResult } from "./wake";

/** What scripts/bench/http.ts measured, as it reports it. */
export interface MeasuredRun {
  propose?: { path: string; connections: number; propose: LoadResult; cpu: CpuUsage | null; cpuPerRequestMs: number }[];
  wake?: WakeResult;
}

const AGENTS = 16;
const verdict = (met: boolean, bound: string) => (met ? "met" : `MISSED (${bound})`);

/**
 * Issue 16's targets against this run's figures, each on one line, and when one is missed, the
 * bound that holds it back. (The `npm start` target prints with its own table, start-time.ts.)
 */
export function printTargets(run: MeasuredRun): void {
  const lines: string[] = [];
  const at = (path: string, connections: number) => run.propose?.find((p) => p.path === path && p.connections === connections);
  const [one, sixteen] = [at("bound: statement alone, no HTTP", 1), at("bound: statement alone, no HTTP", AGENTS)];
  if (one && sixteen) {
    const scale = sixteen.propose.rps / one.propose.rps;
    lines.push(`statement alone at ${AGENTS} connections ≥ 2× its rate at 1: ${fmt(scale, 2)}× (${fmt(sixteen.propose.rps, 0)} vs ${fmt(one.propose.rps, 0)}/s) → ${verdict(scale >= 2, "the database's write rate for one org")}`);
  }
  const floor = at("bound: 401, no database", AGENTS);
  for (const path of ["auto-allow", "require-approval"]) {
    const measured = at(path, AGENTS);
    if (!measured) continue;
    const { rps, p99Ms } = measured.propose;
    if (floor) {
      const ratio = rps / floor.propose.rps;
      const bound = sixteen && sixteen.propose.rps < floor.propose.rps / 2 ? "the statement alone is below half the floor" : "the server's CPU per proposal (below)";
      lines.push(`propose ${path} at ${AGENTS} agents ≥ ½ the 401 floor: ${fmt(rps, 0)} vs ${fmt(floor.propose.rps, 0)} req/s = ${fmt(ratio, 2)} → ${verdict(ratio >= 0.5, bound)}`);
    }
    lines.push(`propose ${path} at ${AGENTS} agents p99 < 50 ms: ${fmt(p99Ms)} ms → ${verdict(p99Ms < 50, "queueing on the two cores: throughput, above")}`);
    const cpu = measured.cpu;
    if (cpu) {
      const requests = measured.cpuPerRequestMs > 0 ? cpu.totalMs / measured.cpuPerRequestMs : Number.NaN;
      const split = `Node ${fmt(cpu.nodeMs / requests, 2)} + PostgreSQL ${fmt((cpu.backendsMs + cpu.backgroundMs) / requests, 2)} ms; the 401 floor alone costs ${fmt(floor?.cpuPerRequestMs ?? Number.NaN, 2)} ms`;
      lines.push(`propose ${path} CPU per proposal ≤ 2 ms (all processes): ${fmt(measured.cpuPerRequestMs, 2)} ms → ${verdict(measured.cpuPerRequestMs <= 2, split)}`);
    }
  }
  if (run.wake) {
    const { approveP50Ms, lagP99Ms } = run.wake;
    lines.push(`approval over HTTP p50 ≤ 10 ms (one reviewer): ${fmt(approveP50Ms)} ms → ${verdict(approveP50Ms <= 10, "the approval's statements in one interactive transaction (BENCHMARKS.md)")}`);
    lines.push(`waiting long-poll answers ≤ 20 ms after the approval, p99: ${fmt(lagP99Ms)} ms → ${verdict(lagP99Ms <= 20, "the NOTIFY → wake → re-read of the intent")}`);
  }
  if (lines.length === 0) return;
  console.log("\nTargets (issue 16), this run:");
  for (const line of lines) console.log(`- ${line}`);
}
