import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runningEmbeddedDatabase } from "../../scripts/lib/database.mjs";
import { DemoClient, type FlowState, approveWakeExecuteReport, createAgentPolicyAndPropose, leaseGrantedAndUsed, listsMetricsAudit, webhookDelivered } from "../helpers/demo-flow";
import { type Demo, cleanCopy, copyInstalled, newcomerEnv, removeDir, sleep, startDemo } from "../helpers/demo-process";
import { visitDashboard } from "../helpers/demo-pages";
import { createFreshDatabase } from "../helpers/fresh-database";
import { runQuickStart } from "../helpers/readme-quick-start";
import { type Receiver, startReceiver } from "../helpers/webhook-receiver";
import { launchBrowser } from "./browser";

// What a newcomer runs, the way they run it: a clean copy of the tree, no DATABASE_URL, `npm run demo`
// as the README writes it (npm ci, prisma generate, the embedded PGlite database, migrations, seed,
// next build, serve). Then the README's quick start, pasted in order, and the whole product over HTTP
// in groups separated by pauses longer than the pool's idle timeout (30 s, lib/db/pg-config.ts), so
// every pooled connection closes and reconnects between groups: that is what broke the demo before
// (statements prepared on the old connections were still in PGlite's one session). The CLI runs
// beside the demo, the dashboard is signed into with Chromium, and the demo is restarted. The same
// flow runs at the same time against a second demo on PostgreSQL (DATABASE_URL), so both modes stay
// covered. Zero 5xx throughout, and nothing in either server's log that says error.

const PAUSE_MS = 36_000;
const run = promisify(execFile);

interface Mode {
  name: string;
  demo: Demo;
  client: DemoClient;
  state?: FlowState;
  receiver: Receiver;
}

let pgliteDemo: Demo;
let postgresDemo: Demo;
let modes: Mode[] = [];
let browser: Browser;
let database: { url: string; drop: () => Promise<void> };
const dirs: string[] = [];
/** A folder of the test's own, removed afterwards. */
const scratchDir = (prefix: string) => {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};
const quickStart: { stdout: string; expected: string[] } = { stdout: "", expected: [] };

beforeAll(async () => {
  const fresh = cleanCopy("tollgate-newcomer-");
  dirs.push(fresh);
  pgliteDemo = await startDemo(fresh, 3391, { PGLITE_PORT: "54391", WEBHOOK_ALLOW_PRIVATE_TARGETS: "1" });
  // The quick start runs first, against the demo exactly as it came up.
  Object.assign(quickStart, await runQuickStart(fresh, pgliteDemo.port));
  // A second folder with the first one's install and build (so it does not build again), on PostgreSQL.
  const second = copyInstalled(fresh, "tollgate-newcomer-pg-");
  dirs.push(second);
  database = await createFreshDatabase("tollgate_demo");
  postgresDemo = await startDemo(second, 3392, { DATABASE_URL: database.url, WEBHOOK_ALLOW_PRIVATE_TARGETS: "1" });
  modes = await Promise.all(
    [
      ["embedded PGlite", pgliteDemo],
      ["PostgreSQL", postgresDemo],
    ].map(async ([name, demo]) => ({ name: name as string, demo: demo as Demo, client: new DemoClient(demo as Demo), receiver: await startReceiver() })),
  );
  browser = await launchBrowser();
}, 20 * 60_000);

afterAll(async () => {
  await browser?.close();
  for (const mode of modes) await mode.receiver.close();
  await pgliteDemo?.stop();
  await postgresDemo?.stop();
  await database?.drop();
  for (const dir of dirs) removeDir(dir);
}, 120_000);

/** The same step in both modes at once (their pauses overlap). */
const inBothModes = (step: (mode: Mode) => Promise<void>) => Promise.all(modes.map(step));

/** Names of the connections that hold prepared statements in the embedded database's one session. */
async function preparingConnections(): Promise<Set<string>> {
  const embedded = runningEmbeddedDatabase(path.join(pgliteDemo.dir, ".data/embedded-database.json"));
  if (!embedded) throw new Error("the demo's embedded database is not running");
  const client = new pg.Client(embedded.url);
  await client.connect();
  const { rows } = await client.query<{ name: string }>("SELECT name FROM pg_prepared_statements");
  await client.end();
  return new Set(rows.map((r) => r.name.split("_")[0]));
}

describe.sequential("a newcomer's demo, on the embedded database and on PostgreSQL", () => {
  it("runs the README's quick start as written: every line prints what its → comment says", () => {
    expect(quickStart.expected.length).toBeGreaterThanOrEqual(8);
    expect(quickStart.stdout.trim().split("\n")).toEqual(quickStart.expected);
  });

  let connectionsBefore: Set<string>;
  it("creates an agent, saves a policy and proposes (allow, deny, pending)", async () => {
    await inBothModes(async (mode) => {
      mode.state = await createAgentPolicyAndPropose(mode.client, mode.demo.credentials().admin_token);
    });
    connectionsBefore = await preparingConnections();
    expect(connectionsBefore.size).toBeGreaterThan(0);
  }, 120_000);

  it("after a pause past the idle timeout: approves, wakes the long-poll, executes and reports", async () => {
    await sleep(PAUSE_MS);
    await inBothModes((mode) => approveWakeExecuteReport(mode.client, mode.state as FlowState));
    // A burst past what the background workers (sweeper, webhook worker, audit chainer) keep open, so
    // the pool must open connections again: with those workers busy the flow alone may fit on theirs.
    await inBothModes(async (mode) => {
      const token = mode.demo.credentials().admin_token;
      await Promise.all(Array.from({ length: 24 }, () => mode.client.expect(200, "GET", "/api/v1/intents?limit=1", token)));
    });
    // The pool closed its idle connections during the pause and prepared the same statements anew on new ones.
    const after = await preparingConnections();
    expect([...connectionsBefore].filter((c) => !after.has(c)).length, "connections closed in the pause").toBeGreaterThan(0);
    expect([...after].filter((c) => !connectionsBefore.has(c)).length, "connections opened after it").toBeGreaterThan(0);
  }, 120_000);

  it("after another pause: lists, metrics, the audit trail and its verification", async () => {
    await sleep(PAUSE_MS);
    await inBothModes((mode) => listsMetricsAudit(mode.client, mode.state as FlowState));
  }, 120_000);

  it("after another pause: a lease granted and used, and a signed webhook delivery", async () => {
    await sleep(PAUSE_MS);
    await inBothModes(async (mode) => {
      await leaseGrantedAndUsed(mode.client, mode.state as FlowState);
      await webhookDelivered(mode.client, mode.state as FlowState, mode.receiver);
    });
  }, 120_000);

  it("runs the CLI beside the running demo: bootstrap of a second organization, login, approvals list, policy apply", async () => {
    await inBothModes(async (mode) => {
      const { dir, url } = mode.demo;
      // Beside the embedded demo, no DATABASE_URL: bootstrap finds the running demo's database.
      const env = newcomerEnv({ TOLLGATE_CONFIG: path.join(scratchDir("tollgate-cli-"), "credentials.json") });
      if (mode.demo === postgresDemo) env.DATABASE_URL = database.url;
      const cli = (...args: string[]) => run("npm", ["run", "--silent", "cli", "--", ...args], { cwd: dir, env });
      const boot = JSON.parse((await cli("bootstrap", "--org", "Second Co", "--email", "admin@second.test", "--password", "second-password-1", "--json")).stdout);
      const me = await mode.client.expect(200, "GET", "/api/v1/me", boot.token);
      expect(me.org_id).toBe(boot.org_id);
      expect(me.org_id).not.toBe(mode.demo.credentials().org_id);
      const { login } = mode.demo.credentials();
      await cli("login", "--url", url, "--email", login.email, "--password", login.password);
      const queue = (await cli("approvals", "list")).stdout;
      expect(queue).toContain("Send 400 outreach emails");
      const file = path.join(scratchDir("tollgate-cli-policy-"), "policy.yaml");
      writeFileSync(file, `${readFileSync(path.join(dir, "prisma/demo-policy.yaml"), "utf8")}\n  - id: cli-rule\n    match: { action: cli.check }\n    decision: deny\n    reason: Applied from the CLI\n`);
      const applied = (await cli("policy", "apply", file)).stdout;
      expect(applied).toMatch(/version \d+/i);
      const active = await mode.client.expect(200, "GET", "/api/v1/policy", mode.demo.credentials().admin_token);
      expect(JSON.stringify(active)).toContain("cli-rule");
    });
  }, 180_000);

  it("runs a second npm run demo beside the first on its embedded database: an approval through one wakes a long-poll on the other", async () => {
    const state = modes[0].state as FlowState;
    const second = await startDemo(pgliteDemo.dir, 3393, { PGLITE_PORT: "54391" });
    try {
      expect(second.output()).toContain("using the embedded database already served by process");
      const other = new DemoClient(second);
      const pending = await other.expect(201, "POST", "/api/v1/intents", state.agentKey, { action: "deploy.release", environment: "production", payload: { service: "search" } });
      const poll = modes[0].client.call("GET", `/api/v1/intents/${pending.id}?wait=30`, state.agentKey);
      await sleep(1000);
      await other.expect(200, "POST", `/api/v1/approvals/${pending.id}/approve`, state.adminToken, { reason: "Approved on the second server" });
      expect((await poll).body.status).toBe("approved");
      expect(other.serverErrors()).toEqual([]);
      expect(second.serverLog().split("\n").filter((line) => /error|exception|unhandled|terminat/i.test(line))).toEqual([]);
    } finally {
      await second.stop();
    }
  }, 180_000);

  it("signs in to the dashboard in Chromium: every main page renders, the metrics show the seeded month", async () => {
    for (const mode of modes) await visitDashboard(browser, mode.demo, mode.state as FlowState);
  }, 240_000);

  it("answered no request with a 5xx, and neither server logged an error", () => {
    for (const mode of modes) {
      expect(mode.client.serverErrors(), mode.name).toEqual([]);
      const log = mode.demo.serverLog();
      expect(log, mode.name).toContain("Tollgate listening on");
      expect(log.split("\n").filter((line) => /error|exception|unhandled|terminat/i.test(line)), `${mode.name} server log`).toEqual([]);
    }
  });

  it("restarted with npm run demo, the embedded demo keeps its data, its login and its keys", async () => {
    const before = pgliteDemo.credentials();
    const state = modes[0].state as FlowState;
    await pgliteDemo.stop();
    pgliteDemo = await startDemo(pgliteDemo.dir, 3391, { PGLITE_PORT: "54391" });
    expect(pgliteDemo.output()).toContain("not rebuilding");
    const client = new DemoClient(pgliteDemo);
    expect(pgliteDemo.credentials()).toEqual(before);
    const me = await client.expect(200, "GET", "/api/v1/me", before.agent.api_key);
    expect(me).toMatchObject({ kind: "agent", org_id: before.org_id });
    await client.expect(200, "GET", "/api/v1/me", before.admin_token);
    await client.expect(201, "POST", "/api/v1/auth/token", null, { email: before.login.email, password: before.login.password });
    const kept = await client.expect(200, "GET", `/api/v1/intents/${state.pending.id}`, state.agentKey);
    expect(kept.status).toBe("succeeded");
    await client.expect(200, "GET", "/api/v1/me", state.agentKey);
    const verify = await client.expect(200, "GET", "/api/v1/audit/verify", before.admin_token);
    expect(verify.ok).toBe(true);
    expect(client.serverErrors()).toEqual([]);
  }, 300_000);
});
