import { execFileSync } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { disconnectDb } from "../../lib/db/client";
import { type Signal, notifications } from "../../lib/db/notifications";
import { poolRunner } from "../../lib/db/sql";
import { ensureMigrated } from "../../scripts/lib/pending-migrations.mjs";
import { createTestOrg, type TestOrg } from "../factories/org";
import { call } from "../helpers/api";
import { type PgBouncer, startPgBouncer } from "../helpers/pgbouncer";

// The app with DATABASE_URL through PgBouncer in transaction-pooling mode (Debian's 1.18, which
// keeps no prepared statements across clients) and DIRECT_DATABASE_URL straight to PostgreSQL.
// Two server connections for the app's eight, so transactions of different clients really share
// them. Every main path must answer as it does directly, with no statement errors logged.
// (Not in the embedded project: PgBouncer fronts PostgreSQL; the PGlite server is never pooled.)

const DIRECT = process.env.DATABASE_URL as string;
const POLICY = `version: 1
default: require_approval
rules:
  - id: reads
    match: { action: crm.read }
    decision: allow
  - id: no-deletes
    match: { action: crm.delete }
    decision: deny
`;
const STATEMENT_ERROR = /prepared statement .* (does not exist|already exists)|unnamed prepared statement/i;

let bouncer: PgBouncer;
let org: TestOrg;
let agent: { id: string; key: string };
const logged: string[] = [];
const saved = { DATABASE_URL: process.env.DATABASE_URL, DIRECT_DATABASE_URL: process.env.DIRECT_DATABASE_URL, DB_POOL_MAX: process.env.DB_POOL_MAX };

/** Collects signals the LISTEN connection delivers (notifications emits nothing else). */
function signalsFor(subjectId: string) {
  const seen: Signal[] = [];
  const onSignal = (signal: Signal) => signal.subject_id === subjectId && seen.push(signal);
  notifications().on("signal", onSignal);
  return { seen, stop: () => notifications().off("signal", onSignal) };
}

const propose = (action: string, payload: unknown) => call("POST", "/api/v1/intents", { token: agent.key, body: { action, payload } });
const databaseName = (url: string) => new URL(url).pathname.slice(1);

beforeAll(async () => {
  bouncer = await startPgBouncer(DIRECT, { poolSize: 2 });
  await disconnectDb();
  process.env.DATABASE_URL = bouncer.url(DIRECT);
  process.env.DIRECT_DATABASE_URL = DIRECT;
  process.env.DB_POOL_MAX = "8";
  for (const level of ["log", "warn", "error"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" ")));
  }
  org = await createTestOrg();
  await org.setPolicy(POLICY);
  agent = await org.agent();
});

afterAll(async () => {
  await disconnectDb();
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  vi.restoreAllMocks();
  await bouncer?.stop();
});

describe("behind PgBouncer in transaction mode", () => {
  it("falls back to polling, and says so, while LISTEN has no direct connection; listens again once it has", async () => {
    // The first use of notifications in this process: its direct URL leads nowhere.
    process.env.DIRECT_DATABASE_URL = `postgres://postgres@127.0.0.1:1/${databaseName(DIRECT)}`;
    try {
      const proposed = await propose("crm.update", { n: 1 });
      expect(proposed.body.status).toBe("pending_approval");
      const signals = signalsFor(proposed.body.id);
      const waiting = call("GET", `/api/v1/intents/${proposed.body.id}?wait=20`, { token: agent.key });
      await vi.waitFor(() => expect(logged.join("\n")).toMatch(/no LISTEN connection on the direct URL .*waiters poll/));
      expect(notifications().enabled).toBe(false);
      const approved = await call("POST", `/api/v1/approvals/${proposed.body.id}/approve`, { token: org.admin.token, body: { reason: "ok" } });
      expect(approved.status).toBe(200);
      const woke = await waiting;
      expect(woke.body.status).toBe("approved");
      expect(woke.body.execution_token).toMatch(/^tg_exec_/);
      // Seen by re-reading: no notification reached this process.
      expect(signals.seen).toEqual([]);
      signals.stop();
    } finally {
      process.env.DIRECT_DATABASE_URL = DIRECT;
    }
    await vi.waitFor(() => expect(notifications().enabled).toBe(true), { timeout: 10_000 });
    expect(logged.join("\n")).toContain("[db] LISTEN connected");
  });

  it("proposes (allow, deny, pending), wakes the long-poll through LISTEN, executes, verifies the audit chain and answers metrics", async () => {
    await vi.waitFor(() => expect(notifications().enabled).toBe(true), { timeout: 10_000 });
    const allowed = await propose("crm.read", { n: 2 });
    expect(allowed.status).toBe(201);
    expect(allowed.body.status).toBe("allowed");
    const denied = await propose("crm.delete", { n: 3 });
    expect(denied.body).toMatchObject({ status: "denied", decision: { rule_id: "no-deletes" } });
    expect(denied.body.execution_token).toBeUndefined();

    const pending = await propose("crm.update", { n: 4 });
    expect(pending.body.status).toBe("pending_approval");
    const signals = signalsFor(pending.body.id);
    const waiting = call("GET", `/api/v1/intents/${pending.body.id}?wait=20`, { token: agent.key });
    const approved = await call("POST", `/api/v1/approvals/${pending.body.id}/approve`, { token: org.admin.token, body: { reason: "ok" } });
    expect(approved.status).toBe(200);
    const woke = await waiting;
    expect(woke.body.status).toBe("approved");
    // The approval's NOTIFY, sent inside its transaction through the pooler, reached the LISTEN
    // connection on the direct URL (a LISTEN through the pooler hears nothing once its transaction ends).
    expect(signals.seen.map((signal) => signal.type)).toContain("intent.resolved");
    signals.stop();

    for (const intent of [allowed.body, woke.body]) {
      const exec = { execution_token: intent.execution_token, payload_hash: intent.payload_hash };
      const executed = await call("POST", `/api/v1/intents/${intent.id}/execute`, { token: agent.key, body: exec });
      expect(executed.body.status).toBe("executing");
      const again = await call("POST", `/api/v1/intents/${intent.id}/execute`, { token: agent.key, body: exec });
      expect(again.body.error.code).toBe("token_used");
      const done = await call("POST", `/api/v1/intents/${intent.id}/result`, { token: agent.key, body: { status: "succeeded" } });
      expect(done.body.status).toBe("succeeded");
    }

    const verify = await call("GET", "/api/v1/audit/verify", { token: org.admin.token });
    expect(verify.body).toMatchObject({ ok: true });
    expect(verify.body.events).toBeGreaterThan(5);
    const metrics = await call("GET", `/api/v1/metrics?from=${new Date(Date.now() - 3_600_000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`, { token: org.admin.token });
    expect(metrics.status).toBe(200);
    // The first test's intent and this test's three.
    expect(metrics.body).toMatchObject({ intents: 4, auto_allow_rate: 0.25, deny_rate: 0.25 });
  });

  it("enforces the propose limit and the login brake (a transaction of its own) through shared connections", async () => {
    process.env.RATE_LIMIT_PROPOSE_PER_MINUTE = "3";
    try {
      const limited = await org.agent();
      const statuses = [];
      for (let n = 0; n < 4; n++) statuses.push((await call("POST", "/api/v1/intents", { token: limited.key, body: { action: "crm.read", payload: { n } } })).status);
      expect(statuses).toEqual([201, 201, 201, 429]);
    } finally {
      process.env.RATE_LIMIT_PROPOSE_PER_MINUTE = "1000000";
    }
    const user = await org.user("viewer");
    const login = (password: string) => call("POST", "/api/v1/auth/token", { body: { email: user.email, password } });
    const failures = [];
    for (let n = 0; n < 5; n++) failures.push((await login(`wrong-${n}`)).status);
    expect(failures).toEqual([401, 401, 401, 401, 401]);
    const braked = await login("correct horse battery staple");
    expect(braked.status).toBe(429);
    expect(braked.body.error.details.limit).toBe("login_backoff");
  });

  it("shares two server connections among eight app connections under concurrent load without a statement error", async () => {
    const agents = [agent, await org.agent(), await org.agent(), await org.agent()];
    const users = await Promise.all([org.user("viewer"), org.user("viewer"), org.user("viewer")]);
    const work: Promise<{ status: number; body: any }>[] = [];
    for (let n = 0; n < 48; n++) {
      const key = agents[n % agents.length].key;
      work.push(call("POST", "/api/v1/intents", { token: key, body: { action: n % 3 ? "crm.read" : "crm.update", payload: { n } } }));
      if (n % 4 === 0) work.push(call("GET", "/api/v1/intents?limit=5", { token: key }));
      if (n % 8 === 0) work.push(call("POST", "/api/v1/auth/token", { body: { email: users[n % 3].email, password: `wrong-${n}` } }));
    }
    const answers = await Promise.all(work);
    const unexpected = answers.filter((answer) => ![200, 201, 401].includes(answer.status));
    expect(unexpected).toEqual([]);
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(48);

    const db = databaseName(DIRECT);
    const servers = (await bouncer.admin<{ database: string }>("SHOW SERVERS")).filter((row) => row.database === db);
    const clients = (await bouncer.admin<{ database: string }>("SHOW CLIENTS")).filter((row) => row.database === db);
    expect(servers.length).toBeLessThanOrEqual(2);
    expect(clients.length).toBeGreaterThan(servers.length);
    expect(logged.filter((line) => STATEMENT_ERROR.test(line))).toEqual([]);
    expect(bouncer.log()).not.toMatch(STATEMENT_ERROR);
  });

  it("runs prisma migrate deploy on the direct URL, and npm start's migration check through the pooler", async () => {
    const name = `tollgate_pgbouncer_${Date.now()}_${process.pid}`;
    const admin = new pg.Client({ connectionString: DIRECT });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    const fresh = new URL(DIRECT);
    fresh.pathname = `/${name}`;
    try {
      const prisma = path.resolve(import.meta.dirname, "../../node_modules/.bin/prisma");
      execFileSync(prisma, ["migrate", "deploy"], { env: { ...process.env, DATABASE_URL: bouncer.url(fresh.toString()), DIRECT_DATABASE_URL: fresh.toString() }, stdio: "pipe" });
      // The pooler never saw the database: migrate (which holds a session advisory lock) went direct.
      expect((await bouncer.admin<{ name: string }>("SHOW DATABASES")).map((row) => row.name)).not.toContain(name);
      const lines: string[] = [];
      const deployed = await ensureMigrated(bouncer.url(fresh.toString()), { deploy: () => lines.push("deploy"), log: (line) => lines.push(line) });
      expect(deployed).toBe(false);
      expect(lines.join("\n")).toMatch(/Database schema is current/);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  });

  // Last: it changes the pool. Without the switch, the statements the app names fail on the same pooler.
  it("fails with prepared-statement errors when the app names its statements on the pooler (the switch matters)", async () => {
    await disconnectDb();
    delete process.env.DIRECT_DATABASE_URL;
    try {
      const results = await Promise.allSettled(Array.from({ length: 16 }, (_, n) => poolRunner<{ n: number }>("SELECT $1::int AS n, pg_sleep(0.01)", [n])));
      const reasons = results.flatMap((result) => (result.status === "rejected" ? [String(result.reason)] : []));
      expect(reasons.length).toBeGreaterThan(0);
      expect(reasons.every((reason) => STATEMENT_ERROR.test(reason))).toBe(true);
    } finally {
      await disconnectDb();
      process.env.DIRECT_DATABASE_URL = DIRECT;
    }
  });
});
