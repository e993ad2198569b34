import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppProcess, startApp } from "../helpers/app-process";
import { createFreshDatabase } from "../helpers/fresh-database";
import { type PgCluster, startPgCluster } from "../helpers/pg-cluster";

// Crash safety under a steady propose load: the app is killed with SIGKILL and restarted, then
// PostgreSQL itself crashes (immediate stop, WAL recovery on start) while the app keeps running.
// Agents retry with the same Idempotency-Key until they get an answer, as the SDK does. Afterwards
// the intents in the database are exactly the ones agents were told about — each with its audit
// event, none twice — and the audit chain verifies. PostgreSQL runs in a cluster of its own here.

const ROOT = path.resolve(import.meta.dirname, "../..");
const APP_PORT = Number(process.env.E2E_PORT ?? 3310) + 5;
const PG_PORT = Number(process.env.E2E_PORT ?? 3310) + 2190;
const AGENTS = 8;

let cluster: PgCluster;
let database: { url: string; drop: () => Promise<void> };
let app: AppProcess;
let agentKey: string;
let adminToken: string;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// No sweeper and no notifier: the suite counts the audit trail against the answered proposals, and
// both write events of their own, on their own clock, after the load stops.
const QUIET = { SWEEP_INTERVAL_MS: "0", NOTIFY_POLL_INTERVAL_MS: "0" };

beforeAll(async () => {
  cluster = startPgCluster(PG_PORT);
  database = await createFreshDatabase("tollgate_crash", cluster.url);
  app = await startApp(database.url, APP_PORT, QUIET);
  const boot = JSON.parse(
    execFileSync(path.join(ROOT, "node_modules/.bin/tsx"), ["scripts/cli.ts", "bootstrap", "--org", "crash-org", "--email", "crash@example.test", "--password", "crash-password-123", "--json"], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: database.url },
      encoding: "utf8",
    }),
  );
  adminToken = boot.token;
  const agent = await fetch(`${app.url}/api/v1/agents`, {
    method: "POST",
    headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "steady-agent" }),
  }).then((r) => r.json());
  agentKey = agent.api_key;
  await fetch(`${app.url}/api/v1/policy`, {
    method: "PUT",
    headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/yaml" },
    body: "version: 1\ndefault: allow\nrules:\n  - id: gate-deletes\n    match: { action: crm.delete }\n    decision: require_approval\n",
  });
});

afterAll(async () => {
  await app?.kill();
  await database?.drop().catch(() => {});
  cluster?.stop();
});

interface Load {
  /** Idempotency key → intent id, for every proposal an agent got a 200/201 answer to. */
  answered: Map<string, string>;
  /** Answers that were not 2xx while the app or database was down (503s, refused connections). */
  failures: number;
  stop(): Promise<void>;
}

/** AGENTS agents in a closed loop; each retries its proposal with the same key until answered. */
function steadyLoad(): Load {
  const answered = new Map<string, string>();
  let running = true;
  let failures = 0;
  const agent = async (n: number) => {
    while (running) {
      const key = randomUUID();
      const body = JSON.stringify({ action: n % 2 ? "crm.delete" : "email.send", payload: { key } });
      for (;;) {
        const res = await fetch(`${app.url}/api/v1/intents`, {
          method: "POST",
          headers: { authorization: `Bearer ${agentKey}`, "content-type": "application/json", "idempotency-key": key },
          body,
        }).catch(() => null);
        // A kill can cut a 201 off after its headers: without the body the agent has no answer, so it retries the key.
        const ok = res && (res.status === 201 || res.status === 200);
        const id = ok ? await res.json().then((answer) => answer.id as string, () => null) : null;
        if (id) {
          answered.set(key, id);
          break;
        }
        failures++;
        await res?.body?.cancel().catch(() => {});
        await sleep(100);
      }
    }
  };
  const agents = Array.from({ length: AGENTS }, (_, n) => agent(n));
  return {
    answered,
    get failures() {
      return failures;
    },
    stop: async () => {
      running = false;
      await Promise.all(agents);
    },
  };
}

async function waitForAnswers(load: Load, more: number, timeoutMs = 60_000) {
  const target = load.answered.size + more;
  const deadline = Date.now() + timeoutMs;
  while (load.answered.size < target && Date.now() < deadline) await sleep(100);
  expect(load.answered.size).toBeGreaterThanOrEqual(target);
}

describe("crash safety", () => {
  it("keeps every answered intent, with its audit event, once — through an app SIGKILL and a PostgreSQL crash", async () => {
    const load = steadyLoad();
    await waitForAnswers(load, 40);

    await app.kill();
    await sleep(500);
    app = await startApp(database.url, APP_PORT, QUIET);
    await waitForAnswers(load, 40);

    const failuresBefore = load.failures;
    await cluster.restart("immediate", 1000);
    // The app recovers by itself: new proposals succeed again without restarting it.
    await waitForAnswers(load, 40);
    expect(load.failures).toBeGreaterThan(failuresBefore);
    await load.stop();
    // Events of proposals committed just before a kill may still be pending: the next reader chains them.
    const read = await fetch(`${app.url}/api/v1/audit?limit=1`, { headers: { authorization: `Bearer ${adminToken}` } });
    expect(read.status).toBe(200);

    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    try {
      const { rows: intents } = await db.query<{ id: string; idempotency_key: string }>("SELECT id, idempotency_key FROM intents");
      const answeredIds = new Set(load.answered.values());
      // Exactly the answered intents: none lost, none created twice, none written without an answer.
      expect(intents.length).toBe(load.answered.size);
      expect(new Set(intents.map((i) => i.id))).toEqual(answeredIds);
      for (const intent of intents) expect(load.answered.get(intent.idempotency_key)).toBe(intent.id);

      const { rows: audited } = await db.query<{ subject_id: string; n: number }>(
        "SELECT subject_id, count(*)::int AS n FROM audit_events WHERE type = 'intent.proposed' GROUP BY subject_id",
      );
      expect(audited.length).toBe(intents.length);
      expect(audited.every((row) => row.n === 1 && answeredIds.has(row.subject_id))).toBe(true);
      expect((await db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_pending")).rows[0].n).toBe(0);
    } finally {
      await db.end();
    }
    const verify = await fetch(`${app.url}/api/v1/audit/verify`, { headers: { authorization: `Bearer ${adminToken}` } }).then((r) => r.json());
    expect(verify).toMatchObject({ ok: true });
    expect(verify.events).toBeGreaterThan(load.answered.size);
  });
});
