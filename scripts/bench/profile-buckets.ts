// Buckets the server profiles scripts/bench/profile-propose.ts wrote (issue 16's budget table):
//   npx tsx scripts/bench/profile-buckets.ts <dir> [--top 40]
// Only samples inside the measured window count. Each sample's frames are mapped through the build's
// source maps to their source files; the sample goes to the frame nearest the leaf that names a
// bucket: a library the app called (pg, Prisma, zod) or the app file that called it, else the
// framework (Next.js, node:http). Prints ms of main-thread CPU per request and the share of each.
import { readFileSync, readdirSync } from "node:fs";
import { SourceMap } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

interface CallFrame { functionName: string; url: string; lineNumber: number; columnNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; parent?: number; children?: number[] }
interface Profile { nodes: ProfileNode[]; startTime: number; samples: number[]; timeDeltas: number[] }

const dir = process.argv[2] ?? "/tmp/tollgate-profile";
const top = Number(process.argv[process.argv.indexOf("--top") + 1] || 40);
/** `--stacks <bucket>`: also prints that bucket's heaviest call paths (app and library frames). */
const stacksOf = process.argv.includes("--stacks") ? process.argv[process.argv.indexOf("--stacks") + 1] : null;
const stacks = new Map<string, number>();
const window = JSON.parse(readFileSync(path.join(dir, "window.json"), "utf8")) as { startUs: number; stopUs: number; requests: number; cpu: { nodeMs: number } };

const maps = new Map<string, SourceMap | null>();
function sourceMap(url: string): SourceMap | null {
  if (!maps.has(url)) {
    let map: SourceMap | null = null;
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${fileURLToPath(url)}.map`, "utf8")));
    } catch {
      // no map: the frame keeps its own location
    }
    maps.set(url, map);
  }
  return maps.get(url) ?? null;
}

/** The frame's original source (repo-relative for app code, the package for a library) and line. */
function origin(frame: CallFrame): { source: string; line: number } {
  let source = frame.url;
  let line = frame.lineNumber + 1;
  if (source.includes("/.next/")) {
    const entry = sourceMap(source)?.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string; originalLine?: number } | undefined;
    if (entry?.originalSource) {
      source = entry.originalSource;
      line = (entry.originalLine ?? 0) + 1;
    }
  }
  source = source.replace(/^(\.\.\/)+/, "").replace(/^.*\[project\]\//, "").replace(/^file:\/\/\/[^ ]*?\/(node_modules|lib|app|scripts)\//, "$1/");
  return { source, line };
}

function library(source: string): string | null {
  if (/node_modules\/(pg|pg-protocol|pg-pool|pg-types|postgres-[a-z]+)\//.test(source) || source.includes("pg-protocol")) return "pg driver";
  if (/@prisma|generated\/prisma|wasm:\/\//.test(source)) return "Prisma";
  if (/node_modules\/zod\//.test(source) || /next\/dist\/compiled\/zod/.test(source)) return "zod";
  return null;
}

const APP_BUCKETS: [RegExp, string][] = [
  [/lib\/http\/(apply-)?rate-limits?\.ts/, "rate limits"],
  [/lib\/auth\/(authenticate-token|principal)\.ts/, "auth lookup"],
  [/lib\/http\/read-body\.ts|lib\/storable-text\.ts/, "body read (+ storable check)"],
  [/lib\/http\/validate\.ts|lib\/schemas\//, "validation"],
  [/lib\/policy\/|intent-facts\.ts|active-policy\.ts/, "policy decide"],
  [/lib\/canonical-json\.ts|lib\/auth\/(secret-token|server-secret)\.ts/, "hashing / canonical JSON / tokens"],
  [/record-intent\.ts|lifecycle\.ts|shadow-and-sample\.ts|log-decision\.ts|append-audit-event\.ts|record-event\.ts|lib\/db\/sql\.ts|lib\/ids\.ts/, "statement build"],
  [/serialize-intent\.ts|lib\/time\.ts/, "serialization"],
  [/lib\/http\/route\.ts|lib\/http\/error-response\.ts|request-context\.ts|app\/api\//, "route() wrapper + Response.json"],
  [/propose-intent\.ts|idempotency-key\.ts/, "propose orchestration"],
  [/lib\/config\.mjs/, "config reads (setting())"],
  [/chain-audit-events|audit-chainer|checkpoints|sweep-audit/, "audit chainer (background)"],
  [/lib\/db\/|notifications|wait-for-intent|listen/, "db client / LISTEN"],
  [/sweep|webhook|start-/, "background workers"],
  [/scripts\/serve\.mjs|client-address\.ts/, "serve.mjs (headers, client address)"],
  [/approvals\/|find-intent|apply-sla|issue-execution-token|counting-approvals/, "approval domain"],
];

function appBucket(source: string): string | null {
  if (!/^(lib|app|scripts)\//.test(source)) return null;
  for (const [pattern, bucket] of APP_BUCKETS) if (pattern.test(source)) return bucket;
  return `app: ${source}`;
}

function frameworkBucket(source: string): string | null {
  if (/node_modules\/next\/|\.next\/server|\[turbopack\]|next\/dist/.test(source)) return "Next.js";
  if (/^node:(_http|http|net|internal\/http|internal\/streams|stream|internal\/webstreams|internal\/deps\/undici|events|internal\/async_hooks|async_hooks|internal\/process\/task_queues|internal\/timers|timers)/.test(source)) return "node http, streams, events";
  return null;
}

const totals = new Map<string, number>();
const functions = new Map<string, number>();
let counted = 0;
let idle = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"))) {
  const profile = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const n of profile.nodes) for (const c of n.children ?? []) (byId.get(c) as ProfileNode).parent = n.id;
  const bucketOf = new Map<number, string>();
  const classify = (leaf: ProfileNode): string => {
    const name = leaf.callFrame.functionName;
    if (name === "(garbage collector)") return "GC";
    if (name === "(program)") return "V8/native (program)";
    let lib: string | null = null;
    let framework: string | null = null;
    for (let node: ProfileNode | undefined = leaf; node; node = node.parent === undefined ? undefined : byId.get(node.parent)) {
      const { source } = origin(node.callFrame);
      const app = appBucket(source);
      // Next.js called from the server's request callback is Next's work; node's own code (Response.json, crypto) is its caller's.
      if (app) return lib === "zod" ? (app.startsWith("config") ? app : "validation") : (lib ?? (framework === "Next.js" ? framework : app));
      lib ??= library(source);
      framework ??= frameworkBucket(source);
    }
    return lib === "zod" ? "zod (framework)" : (lib ?? framework ?? "other");
  };
  let time = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    time += profile.timeDeltas[i] as number;
    if (time < window.startUs || time > window.stopUs) continue;
    const delta = profile.timeDeltas[i + 1] ?? 0;
    const leaf = byId.get(profile.samples[i] as number) as ProfileNode;
    if (leaf.callFrame.functionName === "(idle)") {
      idle += delta;
      continue;
    }
    const bucket = bucketOf.get(leaf.id) ?? classify(leaf);
    bucketOf.set(leaf.id, bucket);
    totals.set(bucket, (totals.get(bucket) ?? 0) + delta);
    const where = origin(leaf.callFrame);
    const fn = `${bucket} | ${leaf.callFrame.functionName || "(anonymous)"} ${where.source.replace(/^.*node_modules\//, "")}:${where.line}`;
    functions.set(fn, (functions.get(fn) ?? 0) + delta);
    if (bucket === stacksOf) {
      const frames: string[] = [];
      for (let node: ProfileNode | undefined = leaf; node && frames.length < 14; node = node.parent === undefined ? undefined : byId.get(node.parent)) {
        const o = origin(node.callFrame);
        if (o.source) frames.push(`${node.callFrame.functionName || "?"}@${o.source.replace(/^.*node_modules\//, "")}:${o.line}`);
      }
      const key = frames.join(" < ");
      stacks.set(key, (stacks.get(key) ?? 0) + delta);
    }
    counted += delta;
  }
}

// The sampler counts wall time on the main thread, also while the OS has it descheduled (two cores,
// more runnable processes), so each bucket's share is applied to the CPU /proc counted instead.
const nodeMsPerRequest = window.cpu.nodeMs / window.requests;
const perRequest = (us: number) => ((us / counted) * nodeMsPerRequest).toFixed(3);
console.log(`${window.requests} requests; sampled main-thread time in the window ${(counted / 1000).toFixed(0)} ms, idle ${(idle / 1000).toFixed(0)} ms; /proc: ${nodeMsPerRequest.toFixed(3)} ms of Node CPU per request (all threads), split by the samples' shares`);
console.log("bucket | ms per request | share");
for (const [bucket, us] of [...totals].sort((a, b) => b[1] - a[1])) console.log(`${bucket} | ${perRequest(us)} | ${((100 * us) / counted).toFixed(1)} %`);
console.log(`\ntop ${top} leaf functions (self time):`);
for (const [fn, us] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${perRequest(us)} ms  ${fn}`);
if (stacksOf) {
  console.log(`\nheaviest paths in ${stacksOf}:`);
  for (const [key, us] of [...stacks].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${perRequest(us)} ms  ${key}`);
}
