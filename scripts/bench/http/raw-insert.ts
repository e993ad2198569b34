import { randomUUID } from "node:crypto";
import pg from "pg";
import type { LoadResult } from "./propose";

const TABLE = "bench_raw_inserts";

/**
 * The machine's ceiling for durable writes: single-row INSERT transactions (autocommit, so one
 * round trip and one commit each) into a table with a primary key, from `connections` clients in
 * a closed loop for `seconds` — the same shape of load as the propose run beside it.
 */
export async function loadRawInsert(databaseUrl: string, connections: number, seconds: number): Promise<LoadResult> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: connections });
  await pool.query(`CREATE TABLE IF NOT EXISTS ${TABLE} (id text PRIMARY KEY, org_id text NOT NULL, payload jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
  const payload = JSON.stringify({ to: ["a@example.com", "b@example.com"], subject: "Quarterly update", template: "q3-update", count: 2 });
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  const worker = async () => {
    const client = await pool.connect();
    try {
      while (performance.now() < deadline) {
        const started = performance.now();
        try {
          await client.query(`INSERT INTO ${TABLE} (id, org_id, payload) VALUES ($1, 'org_bench', $2)`, [randomUUID(), payload]);
          latencies.push(performance.now() - started);
        } catch {
          errors++;
        }
      }
    } finally {
      client.release();
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: connections }, worker));
  const elapsed = (performance.now() - started) / 1000;
  await pool.query(`TRUNCATE ${TABLE}`);
  await pool.end();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)] ?? Number.NaN;
  return { rps: latencies.length / elapsed, p50Ms: at(0.5), p99Ms: at(0.99), non2xx: 0, errors };
}
