import { readFileSync } from "node:fs";
import type pg from "pg";
import { authenticateToken } from "../../../lib/auth/authenticate-token";
import { disconnectDb, pgPool } from "../../../lib/db/client";
import { intentFacts } from "../../../lib/domain/intents/intent-facts";
import { recordIntentUnderActivePolicy } from "../../../lib/domain/intents/record-intent";
import { lastSeenActivePolicy } from "../../../lib/domain/policies/active-policy";
import { applyRateLimits } from "../../../lib/http/apply-rate-limits";
import { decide } from "../../../lib/policy";
import { ZProposeIntent } from "../../../lib/schemas/intents";
import { type BenchOrg, proposalBody } from "./bench-org";

/** One statement kind of the propose path, run alone: PostgreSQL's CPU and the round trip per execution. */
export interface StatementCost {
  name: string;
  runs: number;
  /** The backend's CPU (/proc) per execution, commit included. */
  backendMs: number;
  /** Round trip seen by this process, mean. */
  roundTripMs: number;
  /** EXPLAIN (ANALYZE, BUFFERS) of one execution, rolled back. */
  plan: string;
}

const cpuMs = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
};

/**
 * Each statement a proposal sends — the agent key's lookup, the rate limits, the proposal's one
 * statement — `runs` times in a row over one connection, through the app's own functions: the
 * backend's CPU per execution (parse, plan, execute, commit), and its plan.
 */
export async function measureStatementCosts(org: BenchOrg, runs: number): Promise<StatementCost[]> {
  await disconnectDb();
  process.env.DB_POOL_MAX = "1";
  // Limits high enough never to refuse, as the bench server's (the statement is the same at any limit).
  process.env.RATE_LIMIT_PROPOSE_PER_MINUTE = process.env.RATE_LIMIT_PROPOSE_PER_IP_PER_MINUTE = "1000000";
  const pool = pgPool();
  const { rows } = await pool.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
  const pid = rows[0]?.pid as number;
  const auth = { kind: "agent" as const, orgId: org.orgId, agentId: org.agentId, agentName: "bench-agent" };
  const request = new Request("http://bench.test/api/v1/intents", { method: "POST", headers: { "x-forwarded-for": "127.0.0.1" } });
  const propose = (action: string) => async () => {
    const input = ZProposeIntent.parse(JSON.parse(proposalBody(action)));
    const policy = await lastSeenActivePolicy(auth.orgId);
    const facts = intentFacts({ ...input, riskTags: input.risk_tags }, { id: auth.agentId, name: auth.agentName });
    await recordIntentUnderActivePolicy({ auth, input, decision: decide(policy.compiled, facts), policySnapshot: policy.snapshot });
  };
  const kinds: [string, () => Promise<unknown>][] = [
    ["auth: agent key lookup", () => authenticateToken(org.agentKey)],
    ["rate limits (propose: per key and per address)", () => applyRateLimits("propose", auth, request)],
    ["the proposal statement, auto-allow", propose("bench.allow")],
    ["the proposal statement, require-approval", propose("bench.approve")],
  ];
  const results: StatementCost[] = [];
  for (const [name, run] of kinds) {
    for (let n = 0; n < 50; n++) await run();
    const before = cpuMs(pid);
    const started = performance.now();
    for (let n = 0; n < runs; n++) await run();
    const elapsed = performance.now() - started;
    const backendMs = (cpuMs(pid) - before) / runs;
    results.push({ name, runs, backendMs, roundTripMs: elapsed / runs, plan: await explainNext(pool, run) });
  }
  await disconnectDb();
  return results;
}

/** EXPLAIN (ANALYZE, BUFFERS) of each statement `run` sends, in a transaction rolled back (the statements are caught, not sent). */
async function explainNext(pool: pg.Pool, run: () => Promise<unknown>): Promise<string> {
  const sent: { text: string; values: unknown[] }[] = [];
  const query = pool.query;
  // biome-ignore lint/suspicious/noExplicitAny: pg's overloaded query signature
  (pool as any).query = (config: any, ...rest: unknown[]) => {
    if (!config?.text) return (query as (...args: unknown[]) => unknown).call(pool, config, ...rest);
    sent.push({ text: config.text, values: config.values ?? [] });
    return Promise.resolve({ rows: [] });
  };
  try {
    await run();
  } finally {
    pool.query = query;
  }
  const plans: string[] = [];
  for (const statement of sent) {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      const { rows } = await client.query<{ "QUERY PLAN": string }>({ text: `EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`, values: statement.values });
      plans.push(rows.map((r) => r["QUERY PLAN"]).join("\n"));
    } finally {
      await client.query("ROLLBACK");
      client.release();
    }
  }
  return plans.join("\n\n");
}
