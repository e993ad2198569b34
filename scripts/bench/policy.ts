// Policy engine benchmark: per-decision latency on generated policies.
//   npx tsx scripts/bench/policy.ts                      # 100 rules
//   npx tsx scripts/bench/policy.ts --rules 10,100,1000 [--decisions 200000] [--json]
// Each policy is compiled once, warmed up, then every decision is timed on its own with
// process.hrtime.bigint() (so p50/p99 include ~tens of ns of timer overhead, printed below
// the table). ops/s comes from a separate untimed pass. Policies and intents are seeded.

import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import {
  type CompiledPolicy,
  compilePolicy,
  decide,
  type IntentFacts,
  type TPolicyDocumentInput,
  validatePolicy,
} from "../../lib/policy";

export type PolicyBenchResult = {
  rules: number;
  decisions: number;
  p50Us: number;
  p99Us: number;
  meanUs: number;
  maxUs: number;
  opsPerSec: number;
  /** Share of intents decided by a rule rather than the default. */
  matchedShare: number;
  /** Median evaluation-order position of the deciding rule (matched intents only). */
  medianMatchPosition: number;
};

const DEFAULT_DECISIONS = 200_000;
const WARMUP_DECISIONS = 50_000;
export const INTENT_POOL = 4096;

/** Deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A policy mixing exact, glob and list matches with when-conditions; five rule shapes in rotation. */
export function buildBenchPolicy(ruleCount: number, seed = 1): TPolicyDocumentInput {
  const rand = prng(seed);
  const rules: NonNullable<TPolicyDocumentInput["rules"]> = [];
  for (let i = 0; i < ruleCount; i++) {
    const priority = Math.floor(rand() * 100);
    switch (i % 5) {
      case 0:
        rules.push({ id: `r${i}-read`, priority, match: { action: `svc${i}.read`, environment: ["production", "staging"] }, decision: "allow" });
        break;
      case 1:
        rules.push({
          id: `r${i}-small`,
          priority,
          match: { action: `svc${i}.*`, agent: ["bot-a", "agt_*"] },
          when: {
            all: [
              { field: "amount", op: "lt", value: 500 },
              { field: "context.confidence", op: "gte", value: 0.9 },
            ],
          },
          decision: "require_approval",
          approvals: 2,
          sla: "1h",
        });
        break;
      case 2:
        rules.push({
          id: `r${i}-pii`,
          priority,
          match: { action: [`svc${i}.write`, `svc${i}.delete`], risk_tags: ["pii"], destination: "*.internal.example.com" },
          decision: "deny",
          reason_code: "pii_write_blocked",
        });
        break;
      case 3:
        // Matches every action, so every intent that reaches it walks its conditions.
        rules.push({
          id: `r${i}-kind`,
          priority,
          match: { action: "*" },
          when: {
            all: [
              { field: "payload.kind", op: "eq", value: `kind-${i}` },
              {
                any: [
                  { field: "amount", op: "gt", value: 1000 },
                  { field: "risk_tags", op: "in", value: ["payment", "pii"] },
                  { not: { field: "context.ticket", op: "exists" } },
                ],
              },
            ],
          },
          decision: "require_approval",
          step_up: true,
        });
        break;
      default:
        rules.push({
          id: `r${i}-export`,
          priority,
          match: { action: `svc${i}.*.export`, stage: ["run", "publish"] },
          when: { field: "destination", op: "matches", value: "*.example.com" },
          decision: "require_approval",
          on_timeout: "escalate",
        });
    }
  }
  return { version: 1, default: "require_approval", rules };
}

/** Intents aimed at rules spread over the whole policy, plus ~20% that no rule matches. */
export function buildBenchIntents(ruleCount: number, count: number, seed = 2): IntentFacts[] {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const intents: IntentFacts[] = [];
  for (let n = 0; n < count; n++) {
    const base: IntentFacts = {
      action: `other${n % 50}.noop`,
      agent: pick(["bot-a", "bot-b", "bot-c"]),
      agentId: `agt_${Math.floor(rand() * 1000)}`,
      stage: pick(["create", "run", "run", "publish"] as const),
      environment: pick(["production", "staging", null]),
      destination: pick(["api.stripe.com", "db.internal.example.com", "files.example.com", null]),
      amount: rand() < 0.8 ? Math.round(rand() * 2000 * 100) / 100 : null,
      currency: "USD",
      riskTags: rand() < 0.5 ? ["payment"] : ["pii", "external-email"],
      payload: { kind: `kind-${n % 7}`, customer: { id: `cus_${n}` }, items: [{ sku: "a-1", qty: 1 + (n % 3) }] },
      context: rand() < 0.5 ? { confidence: rand(), ticket: `T-${n}` } : { confidence: rand() },
    };
    if (rand() < 0.2 || ruleCount === 0) {
      intents.push(base);
      continue;
    }
    const t = Math.floor(rand() * ruleCount);
    switch (t % 5) {
      case 0:
        intents.push({ ...base, action: `svc${t}.read`, environment: "production" });
        break;
      case 1:
        intents.push({ ...base, action: `svc${t}.approve`, agent: "bot-a", amount: 120, context: { confidence: 0.95 } });
        break;
      case 2:
        intents.push({ ...base, action: `svc${t}.write`, riskTags: ["pii", "payment"], destination: "db.internal.example.com" });
        break;
      case 3:
        intents.push({ ...base, payload: { kind: `kind-${t}` }, amount: 5000 });
        break;
      default:
        intents.push({ ...base, action: `svc${t}.reports.export`, stage: "run", destination: "files.example.com" });
    }
  }
  return intents;
}

export function compileBenchPolicy(ruleCount: number): CompiledPolicy {
  const result = validatePolicy(buildBenchPolicy(ruleCount));
  if (!result.ok) throw new Error(`bench policy is invalid: ${JSON.stringify(result.issues.slice(0, 3))}`);
  return compilePolicy(result.document);
}

export function benchPolicy(ruleCount = 100, iterations = DEFAULT_DECISIONS): PolicyBenchResult {
  const policy = compileBenchPolicy(ruleCount);
  const intents = buildBenchIntents(ruleCount, INTENT_POOL);
  const mask = INTENT_POOL - 1;
  let sink = 0;

  for (let i = 0; i < WARMUP_DECISIONS; i++) sink += decide(policy, intents[i & mask] as IntentFacts).approvalsRequired;

  const samples = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) {
    const facts = intents[i & mask] as IntentFacts;
    const start = process.hrtime.bigint();
    const decision = decide(policy, facts);
    const end = process.hrtime.bigint();
    samples[i] = Number(end - start);
    sink += decision.approvalsRequired;
  }

  const bulkStart = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) sink += decide(policy, intents[i & mask] as IntentFacts).approvalsRequired;
  const bulkNs = Number(process.hrtime.bigint() - bulkStart);

  if (sink < 0) console.log(sink); // keeps the work observable
  let total = 0;
  for (let i = 0; i < iterations; i++) total += samples[i] as number;
  samples.sort();
  const { matchedShare, medianMatchPosition } = matchSpread(policy, intents);
  return {
    rules: ruleCount,
    decisions: iterations,
    p50Us: percentile(samples, 0.5) / 1000,
    p99Us: percentile(samples, 0.99) / 1000,
    meanUs: total / iterations / 1000,
    maxUs: (samples[iterations - 1] ?? 0) / 1000,
    opsPerSec: Math.round(iterations / (bulkNs / 1e9)),
    matchedShare,
    medianMatchPosition,
  };
}

/** Median cost of one hrtime.bigint() pair, in µs: the floor under every sample. */
export function timerOverheadUs(samples = 100_000): number {
  const xs = new Float64Array(samples);
  for (let i = 0; i < samples; i++) {
    const a = process.hrtime.bigint();
    const b = process.hrtime.bigint();
    xs[i] = Number(b - a);
  }
  xs.sort();
  return percentile(xs, 0.5) / 1000;
}

export function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
}

function matchSpread(policy: CompiledPolicy, intents: IntentFacts[]) {
  const positions = new Map(policy.rules.map((r, i) => [r.id, i]));
  const hits: number[] = [];
  for (const facts of intents) {
    const ruleId = decide(policy, facts).ruleId;
    if (ruleId !== null) hits.push(positions.get(ruleId) ?? 0);
  }
  hits.sort((a, b) => a - b);
  return {
    matchedShare: intents.length ? hits.length / intents.length : 0,
    medianMatchPosition: hits.length ? (hits[Math.floor(hits.length / 2)] as number) : -1,
  };
}

function parseArgs(argv: string[]): { rules: number[]; decisions: number; json: boolean } {
  const rules: number[] = [];
  let decisions = DEFAULT_DECISIONS;
  let json = false;
  const numbers = (text: string) => text.split(",").filter(Boolean).map(toCount);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.split("=", 2) as [string, string | undefined];
    if (flag === "--json") json = true;
    else if (flag === "--rules") rules.push(...numbers(inline ?? argv[++i] ?? ""));
    else if (flag === "--decisions" || flag === "--iterations") decisions = toCount(inline ?? argv[++i] ?? "");
    else if (/^\d[\d,]*$/.test(arg)) rules.push(...numbers(arg));
    else throw new Error(`unknown argument ${arg}; usage: policy.ts [--rules 10,100,1000] [--decisions N] [--json]`);
  }
  return { rules: rules.length ? rules : [100], decisions: Math.max(decisions, 1), json };
}

function toCount(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new Error(`not a count: ${text}`);
  return n;
}

function printTable(results: PolicyBenchResult[], overheadUs: number): void {
  const header = ["rules", "decisions", "p50 µs", "p99 µs", "mean µs", "ops/s", "matched", "median pos"];
  const rows = results.map((r) => [
    String(r.rules),
    r.decisions.toLocaleString("en-US"),
    r.p50Us.toFixed(2),
    r.p99Us.toFixed(2),
    r.meanUs.toFixed(2),
    r.opsPerSec.toLocaleString("en-US"),
    `${Math.round(r.matchedShare * 100)}%`,
    String(r.medianMatchPosition),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => (row[c] as string).length)));
  const line = (cells: string[]) => cells.map((cell, c) => cell.padStart(widths[c] as number)).join("  ");
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  console.log(`(timer overhead per sample ≈ ${overheadUs.toFixed(3)} µs, included in p50/p99/mean)`);
}

function main(): void {
  const { rules, decisions, json } = parseArgs(process.argv.slice(2));
  const results = rules.map((n) => benchPolicy(n, decisions));
  const overheadUs = timerOverheadUs();
  if (json) console.log(JSON.stringify({ results, timerOverheadUs: overheadUs }, null, 2));
  else printTable(results, overheadUs);
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(resolve(entry)).href) main();
