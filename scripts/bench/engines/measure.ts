// One measured run of one engine, timed the way scripts/bench/policy.ts times Tollgate: every
// decision on its own with process.hrtime.bigint() for p50/p99, then an untimed pass over the
// same intents for decisions/s. The other engines are 100–1000× slower, so a pass stops at
// `maxDecisions` or when its time budget is spent, whichever comes first (never under
// MIN_DECISIONS, so a p99 always has a hundred samples behind it). Synchronous engines are
// called without await, so they are not charged for a promise they do not need.

import type { IntentFacts } from "../../../lib/policy";
import { percentile } from "../policy";
import type { DecisionEngine } from "./document";

export type PassLimits = { maxDecisions: number; budgetMs: number };

export type RunFigures = { decisions: number; p50Us: number; p99Us: number; meanUs: number; opsPerSec: number };

const MIN_DECISIONS = 100;

let sink = 0; // keeps decisions observable so no call is optimised away

/** Runs the engine for a while untimed so that the JIT and caches settle first. */
export async function warmUp(engine: DecisionEngine, intents: readonly IntentFacts[], limits: PassLimits): Promise<void> {
  await timedPass(engine, intents, 0, limits);
}

/** Times one run starting at intents[start] (wrapping around the pool). */
export async function measureRun(engine: DecisionEngine, intents: readonly IntentFacts[], start: number, limits: PassLimits): Promise<RunFigures> {
  const samples = await timedPass(engine, intents, start, limits);
  const n = samples.length;
  const bulkNs = await untimedPass(engine, intents, start, n);
  let total = 0;
  for (let i = 0; i < n; i++) total += samples[i] as number;
  samples.sort();
  return {
    decisions: n,
    p50Us: percentile(samples, 0.5) / 1000,
    p99Us: percentile(samples, 0.99) / 1000,
    meanUs: total / n / 1000,
    opsPerSec: Math.round(n / (bulkNs / 1e9)),
  };
}

/** Per-decision nanoseconds, as many as fit the limits. */
async function timedPass(engine: DecisionEngine, intents: readonly IntentFacts[], start: number, limits: PassLimits): Promise<Float64Array> {
  const samples = new Float64Array(limits.maxDecisions);
  const floor = Math.min(MIN_DECISIONS, limits.maxDecisions);
  const deadline = process.hrtime.bigint() + BigInt(Math.round(limits.budgetMs * 1e6));
  const pool = intents.length;
  let n = 0;
  while (n < limits.maxDecisions) {
    const facts = intents[(start + n) % pool] as IntentFacts;
    let t0: bigint;
    let t1: bigint;
    if (engine.sync) {
      t0 = process.hrtime.bigint();
      sink += engine.decide(facts).outcome.length;
      t1 = process.hrtime.bigint();
    } else {
      t0 = process.hrtime.bigint();
      sink += (await engine.decide(facts)).outcome.length;
      t1 = process.hrtime.bigint();
    }
    samples[n++] = Number(t1 - t0);
    if (t1 > deadline && n >= floor) break;
  }
  return samples.subarray(0, n);
}

/** Nanoseconds for `count` back-to-back decisions over the same intents. */
async function untimedPass(engine: DecisionEngine, intents: readonly IntentFacts[], start: number, count: number): Promise<number> {
  const pool = intents.length;
  const t0 = process.hrtime.bigint();
  if (engine.sync) {
    for (let i = 0; i < count; i++) sink += engine.decide(intents[(start + i) % pool] as IntentFacts).outcome.length;
  } else {
    for (let i = 0; i < count; i++) sink += (await engine.decide(intents[(start + i) % pool] as IntentFacts)).outcome.length;
  }
  const ns = Number(process.hrtime.bigint() - t0);
  if (sink < 0) console.log(sink);
  return ns;
}
