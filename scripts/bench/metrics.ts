// Metrics benchmark: getMetrics (GET /api/v1/metrics) against 1,000,000 intents of one org.
//   npx tsx scripts/bench/metrics.ts [--intents 1000000] [--other 100000] [--days 90] [--runs 10] [--explain] [--keep]
// Creates a scratch database on DATABASE_URL's server (else 127.0.0.1:5432), migrates it,
// bulk-inserts intents with generate_series (a realistic mix of outcomes, statuses, resolution
// times, recommendations, shadow hits and sampled reviews, plus one approvals row per human
// resolution) for one org and a second org, VACUUM ANALYZEs, then times getMetrics per scenario
// (a cold first call with no day counted yet, then --runs timed calls) and drops the database. A scenario slower than
// SLOW_MS (or every one, with --explain) gets EXPLAIN (ANALYZE, BUFFERS) summaries of its queries.

import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { createFreshDatabase } from "../../tests/helpers/fresh-database";

const SLOW_MS = 300;
const DAY_MS = 86_400_000;
const ORG = "org_bench_main";
const OTHER_ORG = "org_bench_other";

interface Options {
  intents: number;
  other: number;
  days: number;
  runs: number;
  explain: boolean;
  keep: boolean;
}

interface Scenario {
  name: string;
  query: { from: Date; to: Date; action?: string; agent?: string; environment?: string };
}

/** Org A's intents spread evenly over `days` up to `end`; org B's over the same span. */
async function seed(client: pg.Client, options: Options, end: Date): Promise<void> {
  const start = new Date(end.getTime() - options.days * DAY_MS);
  await client.query(`
    INSERT INTO organizations (id, name) VALUES ('${ORG}', 'bench-main'), ('${OTHER_ORG}', 'bench-other');
    INSERT INTO users (id, email) SELECT 'usr_bench_' || n, 'reviewer' || n || '@bench.test' FROM generate_series(1, 6) n;
    INSERT INTO agents (id, org_id, name) SELECT 'agt_bench_' || n, CASE WHEN n <= 5 THEN '${ORG}' ELSE '${OTHER_ORG}' END, 'agent-' || n
      FROM generate_series(1, 7) n;`);
  await insertIntents(client, ORG, "a", options.intents, start, end, 5, 0);
  await insertIntents(client, OTHER_ORG, "b", options.other, start, end, 2, 5);
  await client.query(`
    INSERT INTO approvals (id, org_id, intent_id, user_id, decision, reason, created_at, intent_created_at, action, environment, agent_id)
    SELECT 'apr_' || substr(i.id, 5), i.org_id, i.id,
      'usr_bench_' || (1 + (hashtext(i.id) & 1023) % CASE WHEN i.org_id = '${ORG}' THEN 5 ELSE 1 END + CASE WHEN i.org_id = '${ORG}' THEN 0 ELSE 5 END),
      CASE WHEN i.status = 'rejected' THEN 'reject' ELSE 'approve' END,
      CASE WHEN i.status = 'rejected' THEN (ARRAY['too risky', 'wrong amount', 'not now', ' duplicate ', NULL])[1 + (hashtext(i.id) & 1023) % 5]
           ELSE 'checked' END,
      i.resolved_at, i.created_at, i.action, i.environment, i.agent_id
    FROM intents i
    WHERE i.outcome = 'require_approval' AND i.resolved_at IS NOT NULL AND i.status NOT IN ('cancelled')
      AND NOT (i.status = 'expired' AND i.executable_at IS NULL);
    INSERT INTO reviews (id, org_id, intent_id, rule_id, verdict, reviewer_id, reviewed_at, created_at)
    SELECT 'rev_' || substr(i.id, 5), i.org_id, i.id, i.sampled_rule_id,
      CASE WHEN (hashtext(i.id) & 1023) < 700 THEN 'right' WHEN (hashtext(i.id) & 1023) < 730 THEN 'wrong' END,
      CASE WHEN (hashtext(i.id) & 1023) < 730 THEN 'usr_bench_1' END,
      CASE WHEN (hashtext(i.id) & 1023) < 730 THEN i.created_at + interval '1 day' END,
      i.created_at
    FROM intents i WHERE i.sampled_rule_id IS NOT NULL;
    INSERT INTO shadow_hits (id, org_id, intent_id, rule_id, outcome, reason_code, action, environment, agent_id, created_at)
    SELECT 'shd_' || substr(i.id, 5), i.org_id, i.id, 'shadow-' || (hashtext(i.id) & 3),
      (ARRAY['deny', 'require_approval', 'allow'])[1 + (hashtext(i.id) & 1023) % 3]::"Outcome", 'shadow',
      i.action, i.environment, i.agent_id, i.created_at
    FROM intents i WHERE (hashtext(i.id) >> 10) & 1023 < 51;`);
}

/**
 * `count` intents in created_at order (as they would arrive). Per intent, uniform draws pick the
 * outcome (70 % allow, 8 % deny, 22 % require approval), how an approval request ended (60 %
 * approved — most then executed, some tokens lapsing — 25 % rejected, 6 % SLA timeout, 3 %
 * cancelled, the rest pending), a resolution time spread log-uniformly over 2 s .. 2 days, a
 * recommendation on half of them, a shadow hit on 5 % (shadow_hits) and a review sample on 2 % of the allows.
 */
async function insertIntents(client: pg.Client, orgId: string, tag: string, count: number, start: Date, end: Date, agents: number, agentOffset: number) {
  const batch = 250_000;
  for (let first = 1; first <= count; first += batch) {
    const last = Math.min(count, first + batch - 1);
    await client.query(
      `
      INSERT INTO intents (id, org_id, agent_id, status, action, stage, environment, payload, payload_hash, context,
        outcome, rule_id, reason, reason_code, policy_snapshot, approvals_required, approver_role, step_up_required,
        sla_deadline, resolved_at, executable_at, expires_at, recommendation, sampled_rule_id, created_at, updated_at)
      SELECT id, $1, agent_id,
        (CASE WHEN outcome = 'allow' THEN (CASE WHEN r2 < 0.9 THEN 'succeeded' WHEN r2 < 0.95 THEN 'failed' ELSE 'allowed' END)
              WHEN outcome = 'deny' THEN 'denied'
              WHEN ending LIKE 'expired%' THEN 'expired'
              ELSE ending END)::"IntentStatus",
        action, 'run'::"Stage", environment, jsonb_build_object('n', n), md5(id), context,
        outcome::"Outcome", rule_id, 'bench', 'bench', 'snap', 1, 'approver'::"Role", false,
        CASE WHEN outcome = 'require_approval' THEN created_at + interval '4 hours' END,
        CASE WHEN outcome <> 'require_approval' THEN created_at
             WHEN ending = 'expired_timeout' THEN created_at + interval '4 hours 30 seconds'
             WHEN ending = 'pending_approval' THEN NULL
             ELSE created_at + make_interval(secs => exp(ln(2) + r3 * (ln(172800) - ln(2)))) END,
        CASE WHEN outcome = 'allow' OR ending IN ('approved', 'succeeded', 'failed', 'expired_lapsed') THEN created_at END,
        CASE WHEN outcome = 'allow' OR ending IN ('approved', 'succeeded', 'failed', 'expired_lapsed') THEN created_at + interval '3 days' END,
        context->>'recommendation',
        CASE WHEN outcome = 'allow' AND r4 > 0.98 THEN rule_id END,
        created_at, created_at
      FROM (
        SELECT n, id, agent_id, action, environment, rule_id, created_at, r2, r3, r4, outcome, context,
          CASE WHEN outcome <> 'require_approval' THEN NULL
               WHEN r2 < 0.60 THEN (ARRAY['succeeded', 'succeeded', 'succeeded', 'failed', 'approved', 'expired_lapsed'])[1 + n % 6]
               WHEN r2 < 0.85 THEN 'rejected'
               WHEN r2 < 0.91 THEN 'expired_timeout'
               WHEN r2 < 0.94 THEN 'cancelled'
               ELSE 'pending_approval' END AS ending
        FROM (
          SELECT n, 'int_${tag}' || lpad(n::text, 10, '0') AS id,
            'agt_bench_' || (1 + $2::int + n % $3::int) AS agent_id,
            'svc' || (n % 20) || '.op' AS action,
            CASE WHEN n % 10 < 7 THEN 'production' ELSE 'staging' END AS environment,
            'rule-' || (n % 40) AS rule_id,
            $4::timestamp + (n - 1) * ($5::timestamp - $4::timestamp) / $6::int AS created_at,
            r1, r2, r3, r4,
            CASE WHEN r1 < 0.70 THEN 'allow' WHEN r1 < 0.78 THEN 'deny' ELSE 'require_approval' END AS outcome,
            CASE WHEN r4 < 0.25 THEN '{"recommendation": "approve", "confidence": 0.9}'::jsonb
                 WHEN r4 < 0.50 THEN '{"recommendation": "reject", "confidence": 0.6}'::jsonb
                 ELSE '{"confidence": 0.5}'::jsonb END AS context
          FROM (SELECT n, random() AS r1, random() AS r2, random() AS r3, random() AS r4 FROM generate_series($7::int, $8::int) n) draws
        ) base
      ) shaped
      `,
      [orgId, agentOffset, agents, start.toISOString().slice(0, 23), end.toISOString().slice(0, 23), count, first, last],
    );
  }
}

type Capture = { text: string; values: unknown[] }[];

/**
 * Records the SQL the Prisma pg adapter sends while a capture is open, for EXPLAIN. Metrics
 * queries run in transactions, on clients checked out of the pool, so the tap is on pg.Client.
 */
function tapQueries(): { start(): Capture; stop(): void } {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  let current: Capture | null = null;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const config = args[0] as { text?: string; values?: unknown[] } | undefined;
    if (current && typeof config === "object" && config?.text && /^\s*(WITH|SELECT)/i.test(config.text) && !config.text.includes("set_config")) {
      current.push({ text: config.text, values: config.values ?? [] });
    }
    return original.apply(this, args);
  };
  return {
    start: () => {
      current = [];
      return current;
    },
    stop: () => {
      current = null;
    },
  };
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

/** Which metrics query a captured statement is, by a phrase only it contains. */
const QUERY_NAMES: [RegExp, string][] = [
  [/CROSS JOIN LATERAL \(\s*SELECT \(count/, "countDecisions (buckets)"],
  [/i\.rule_id IN \(SELECT r\.rule_id/, "countDecisions (sampled allow rules)"],
  [/AS "slaBreaches"/, "countApprovalRequests"],
  [/percentile_cont/, "measureTimeToApprove"],
  [/FROM reviews r JOIN/, "countReviews"],
  [/FROM approvals a/, "countHumanDecisions"],
  [/jsonb_array_elements/, "countShadowDecisions"],
];

/** EXPLAIN (ANALYZE) of each captured query, under the settings queryMetrics gives them. */
async function explain(client: pg.Client, captured: Capture): Promise<void> {
  await client.query("SET jit = off; SET max_parallel_workers_per_gather = 0; SET enable_seqscan = off");
  for (const { text, values } of captured) {
    const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, values);
    const lines = rows.map((r: Record<string, string>) => r["QUERY PLAN"] as string);
    const name = QUERY_NAMES.find(([pattern]) => pattern.test(text))?.[1] ?? "?";
    console.log(`    ${name}: ${lines.find((l) => l.startsWith("Execution Time"))}`);
    for (const line of lines.filter((l) => /Scan|Join|Aggregate|Nested Loop/.test(l)).slice(0, 5)) console.log(`      ${line.trim().slice(0, 160)}`);
  }
}

function parseArgs(argv: string[]): Options {
  const options: Options = { intents: 1_000_000, other: 100_000, days: 90, runs: 10, explain: false, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = (argv[i] as string).split("=", 2) as [string, string | undefined];
    const next = () => Number(inline ?? argv[++i]);
    if (flag === "--intents") options.intents = next();
    else if (flag === "--other") options.other = next();
    else if (flag === "--days") options.days = next();
    else if (flag === "--runs") options.runs = next();
    else if (flag === "--explain") options.explain = true;
    else if (flag === "--keep") options.keep = true;
    else throw new Error(`unknown argument ${flag}; usage: metrics.ts [--intents N] [--other N] [--days D] [--runs N] [--explain] [--keep]`);
  }
  for (const key of ["intents", "other", "days", "runs"] as const) {
    if (!Number.isInteger(options[key]) || options[key] < (key === "other" ? 0 : 1)) throw new Error(`--${key} must be a positive integer`);
  }
  return options;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const database = await createFreshDatabase("tollgate_bench_metrics");
  process.env.DATABASE_URL = database.url;
  // Imported only now: the app's pool reads DATABASE_URL when first used.
  const { db, disconnectDb } = await import("../../lib/db/client");
  const { getMetrics } = await import("../../lib/domain/metrics/get-metrics");
  const { contextOf } = await import("../../lib/domain/request-context");
  // A viewer of the bench org (no such user exists: getMetrics reads only the org).
  const viewer = contextOf({ kind: "user", orgId: ORG, userId: "usr_bench", role: "viewer", via: "token" });
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const end = new Date();
    let t = performance.now();
    await seed(client, options, end);
    console.log(`seeded ${options.intents.toLocaleString("en-US")} + ${options.other.toLocaleString("en-US")} intents over ${options.days} days in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    t = performance.now();
    await client.query("VACUUM ANALYZE");
    const { rows: sizes } = await client.query<{ n: string; size: string }>(
      `SELECT (SELECT count(*) FROM approvals)::text AS n, pg_size_pretty(pg_total_relation_size('intents')) AS size`,
    );
    console.log(`VACUUM ANALYZE in ${((performance.now() - t) / 1000).toFixed(1)} s; intents table + indexes ${sizes[0]?.size}; ${Number(sizes[0]?.n).toLocaleString("en-US")} approvals rows`);

    const ago = (ms: number) => new Date(end.getTime() - ms);
    const scenarios: Scenario[] = [
      { name: "30 days", query: { from: ago(30 * DAY_MS), to: end } },
      { name: "7 days", query: { from: ago(7 * DAY_MS), to: end } },
      { name: "24 h (hourly buckets)", query: { from: ago(DAY_MS), to: end } },
      { name: "30 days, action=svc7.op", query: { from: ago(30 * DAY_MS), to: end, action: "svc7.op" } },
      { name: "30 days, agent=agent-3", query: { from: ago(30 * DAY_MS), to: end, agent: "agent-3" } },
      { name: "30 days, environment=staging", query: { from: ago(30 * DAY_MS), to: end, environment: "staging" } },
      { name: "90 days", query: { from: ago(90 * DAY_MS), to: end } },
    ];
    const tap = tapQueries();
    const results: Result[] = [];
    for (const scenario of scenarios) {
      // Cold: no day counted yet (the first query over a range counts its past days once).
      await client.query(`DELETE FROM metric_sealed_days WHERE org_id = '${ORG}'; DELETE FROM intent_day_counts WHERE org_id = '${ORG}'`);
      const coldStarted = performance.now();
      const warm = await getMetrics(viewer, scenario.query, end);
      const cold = performance.now() - coldStarted;
      const times: number[] = [];
      for (let run = 0; run < options.runs; run++) {
        const started = performance.now();
        await getMetrics(viewer, scenario.query, end);
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      const result = { name: scenario.name, intents: warm.intents, cold, median: percentile(times, 0.5), p95: percentile(times, 0.95), min: times[0] as number };
      results.push(result);
      console.log(`${scenario.name}: ${warm.intents.toLocaleString("en-US")} intents, median ${result.median.toFixed(0)} ms`);
      if (options.explain || result.median > SLOW_MS) {
        const captured = tap.start();
        await getMetrics(viewer, scenario.query, end);
        tap.stop();
        await explain(client, captured);
      }
    }
    printTable(results, options.runs);
    await db().$disconnect();
  } finally {
    await client.end();
    await disconnectDb();
    if (options.keep) console.log(`kept ${database.url}`);
    else await database.drop();
  }
}

type Result = { name: string; intents: number; cold: number; median: number; p95: number; min: number };

function printTable(results: Result[], runs: number): void {
  const header = ["scenario", "intents in range", "cold ms", "median ms", "p95 ms", "min ms"];
  const rows = results.map((r) => [r.name, r.intents.toLocaleString("en-US"), r.cold.toFixed(1), r.median.toFixed(1), r.p95.toFixed(1), r.min.toFixed(1)]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => (row[c] as string).length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] as number) : cell.padStart(widths[c] as number))).join("  ");
  console.log(`\ngetMetrics: cold = first call with no past day counted yet; then ${runs} timed runs`);
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(resolve(entry)).href) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
