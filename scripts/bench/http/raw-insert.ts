import { randomUUID } from "node:crypto";
import pg from "pg";
import { closedLoop } from "./closed-loop";
import type { LoadResult } from "./propose";

const TABLE = "bench_raw_inserts";

/**
 * The machine's ceiling for durable writes: single-row INSERT transactions (autocommit, so one
 * round trip and one commit each) into a table with a primary key, from `connections` clients in
 * a closed loop for `seconds` — the same shape of load as the propose run beside it.
 */
export async function loadRawInsert(databaseUrl: string, connections: number, seconds: number): Promise<LoadResult> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: connections });
  pool.on("error", (error) => console.error("[bench] raw insert client:", error.message));
  await pool.query(`CREATE TABLE IF NOT EXISTS ${TABLE} (id text PRIMARY KEY, org_id text NOT NULL, payload jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
  const payload = JSON.stringify({ to: ["a@example.com", "b@example.com"], subject: "Quarterly update", template: "q3-update", count: 2 });
  const result = await closedLoop(connections, seconds, async () => {
    const client = await pool.connect();
    return {
      run: async () => {
        await client.query(`INSERT INTO ${TABLE} (id, org_id, payload) VALUES ($1, 'org_bench', $2)`, [randomUUID(), payload]);
      },
      release: () => client.release(),
    };
  });
  await pool.query(`TRUNCATE ${TABLE}`);
  await pool.end();
  return result;
}
