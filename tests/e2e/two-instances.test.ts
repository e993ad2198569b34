import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestOrg, type TestOrg } from "../factories/org";
import { type AppProcess, startApp } from "../helpers/app-process";
import { type PgBouncer, startPgBouncer } from "../helpers/pgbouncer";
import { sqlRows } from "../helpers/sql";
import { startReceiver } from "../helpers/webhook-receiver";

// Two more production servers on the e2e database (three instances in all, sharing one
// PostgreSQL): a waiter on one instance wakes when a member approves on another, and the sweeper,
// which runs in every instance, acts on each intent exactly once. Twice: with DATABASE_URL straight
// to PostgreSQL, then through PgBouncer in transaction mode (two server connections shared by both
// instances) with DIRECT_DATABASE_URL for LISTEN and migrations.

const PORT = Number(process.env.E2E_PORT ?? 3310);
// Every instance runs a delivery worker too; the receiver is on 127.0.0.1.
const WEBHOOKS = { WEBHOOK_ALLOW_PRIVATE_TARGETS: "1", WEBHOOK_POLL_INTERVAL_MS: "300" };
let first: AppProcess;
let second: AppProcess;
let org: TestOrg;
let agentKey: string;

const POLICY = `version: 1
default: deny
rules:
  - id: needs-human
    match: { action: "crm.delete" }
    decision: require_approval
    sla: 1h
  - id: quick-timeout
    match: { action: "crm.purge" }
    decision: require_approval
    sla: 2s
    on_timeout: deny
`;

async function request(app: AppProcess, method: string, path: string, token: string, body?: unknown) {
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

const STATEMENT_ERROR = /prepared statement .* (does not exist|already exists)/i;
const POOLED_LINE = "[db] DATABASE_URL goes through a pooler";

describe.each([{ route: "direct", pooled: false }, { route: "through PgBouncer", pooled: true }])("two app instances, one database ($route)", ({ pooled }) => {
  let bouncer: PgBouncer | null = null;

  beforeAll(async () => {
    const databaseUrl = process.env.DATABASE_URL as string;
    bouncer = pooled ? await startPgBouncer(databaseUrl, { poolSize: 2 }) : null;
    const appUrl = bouncer ? bouncer.url(databaseUrl) : databaseUrl;
    const direct: Record<string, string> = bouncer ? { DIRECT_DATABASE_URL: databaseUrl } : {};
    // A fast sweeper in both, so they race for the same due rows.
    [first, second] = await Promise.all([
      startApp(appUrl, PORT + 1, { SWEEP_INTERVAL_MS: "300", ...WEBHOOKS, ...direct }),
      startApp(appUrl, PORT + 2, { SWEEP_INTERVAL_MS: "300", ...WEBHOOKS, ...direct }),
    ]);
    org = await createTestOrg();
    await org.setPolicy(POLICY);
    agentKey = (await org.agent()).key;
  });

  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
    await bouncer?.stop();
  });

  it("wakes a long-poll on one instance when the approval is made on the other", async () => {
    const proposed = await request(first, "POST", "/api/v1/intents", agentKey, { action: "crm.delete", payload: { id: 7 } });
    expect(proposed.body.status).toBe("pending_approval");
    const started = Date.now();
    const waiting = request(first, "GET", `/api/v1/intents/${proposed.body.id}?wait=30`, agentKey);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const approved = await request(second, "POST", `/api/v1/approvals/${proposed.body.id}/approve`, org.admin.token, { reason: "checked on the other instance" });
    expect(approved.status).toBe(200);
    const woke = await waiting;
    expect(woke.status).toBe(200);
    expect(woke.body.status).toBe("approved");
    expect(woke.body.execution_token).toMatch(/^tg_exec_/);
    // Answered by the approval, not by the 30 s wait running out.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("streams an event recorded through one instance to an events subscriber on the other", async () => {
    const abort = new AbortController();
    const res = await fetch(`${first.url}/api/v1/events`, { headers: { authorization: `Bearer ${org.admin.token}` }, signal: abort.signal });
    expect(res.status).toBe(200);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = "";
    while (!text.includes(": connected")) text += decoder.decode((await reader.read()).value, { stream: true });
    const proposed = await request(second, "POST", "/api/v1/intents", agentKey, { action: "crm.delete", payload: { id: 8 } });
    const deadline = Date.now() + 10_000;
    while (!text.includes(proposed.body.id) && Date.now() < deadline) {
      const chunk = await Promise.race([reader.read(), new Promise<{ value?: Uint8Array }>((resolve) => setTimeout(() => resolve({}), 1000))]);
      text += decoder.decode(chunk.value, { stream: true });
    }
    abort.abort();
    expect(text).toContain("event: intent.pending");
    expect(text).toContain(proposed.body.id);
  });

  it("delivers each webhook event exactly once although every instance runs a delivery worker", async () => {
    const receiver = await startReceiver();
    try {
      const created = await request(first, "POST", "/api/v1/webhooks", org.admin.token, { url: receiver.url, events: ["intent.pending"] });
      expect(created.status).toBe(201);
      const ids: string[] = [];
      for (let n = 0; n < 10; n++) {
        const app = n % 2 ? first : second;
        ids.push((await request(app, "POST", "/api/v1/intents", agentKey, { action: "crm.delete", payload: { hook: n } })).body.id);
      }
      await receiver.waitForHits(ids.length, 30_000);
      // More rounds for a second delivery to show up, if any instance could send one twice.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const delivered = receiver.hits.map((hit) => JSON.parse(hit.body).data.id as string);
      expect(delivered.sort()).toEqual([...ids].sort());
      const eventIds = receiver.hits.map((hit) => JSON.parse(hit.body).id as string);
      expect(new Set(eventIds).size).toBe(eventIds.length);
    } finally {
      await receiver.close();
    }
  });

  it("times out each overdue intent exactly once although every instance sweeps", async () => {
    const ids: string[] = [];
    for (let n = 0; n < 12; n++) {
      const app = n % 2 ? first : second;
      const proposed = await request(app, "POST", "/api/v1/intents", agentKey, { action: "crm.purge", payload: { n } });
      expect(proposed.body.status).toBe("pending_approval");
      ids.push(proposed.body.id);
    }
    const deadline = Date.now() + 30_000;
    let expired = 0;
    while (Date.now() < deadline) {
      const rows = await sqlRows<{ n: number }>("SELECT count(*)::int AS n FROM intents WHERE id = ANY($1) AND status = 'expired'", ids);
      expired = rows[0]?.n ?? 0;
      if (expired === ids.length) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(expired).toBe(ids.length);
    // Give the other instances' sweepers more rounds to act twice, if they could.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const timeouts = await sqlRows<{ intent_id: string; n: number }>(
      "SELECT intent_id, count(*)::int AS n FROM decision_logs WHERE intent_id = ANY($1) AND kind = 'timeout' GROUP BY intent_id",
      ids,
    );
    expect(timeouts.map((r) => r.n)).toEqual(ids.map(() => 1));
    // The expiries' audit events are chained by whichever instance is woken first; a reader (here
    // the other instance) chains whatever is still pending before it answers.
    expect((await request(second, "GET", "/api/v1/audit?limit=1", org.admin.token)).status).toBe(200);
    expect((await sqlRows<{ n: number }>("SELECT count(*)::int AS n FROM audit_pending WHERE org_id = $1", org.orgId))[0].n).toBe(0);
    const audits = await sqlRows<{ subject_id: string; n: number }>(
      "SELECT subject_id, count(*)::int AS n FROM audit_events WHERE org_id = $1 AND subject_id = ANY($2) AND type = 'intent.expired' GROUP BY subject_id",
      org.orgId,
      ids,
    );
    expect(audits.map((r) => r.n)).toEqual(ids.map(() => 1));
    const verify = await request(first, "GET", "/api/v1/audit/verify", org.admin.token);
    expect(verify.body.ok).toBe(true);
  });

  it("took the configured route, with no statement error in either instance", async () => {
    for (const app of [first, second]) {
      expect(app.log()).not.toMatch(STATEMENT_ERROR);
      expect(app.log()).not.toContain("no LISTEN connection");
      expect(app.log().includes(POOLED_LINE)).toBe(pooled);
    }
    if (bouncer) {
      const database = new URL(process.env.DATABASE_URL as string).pathname.slice(1);
      const stats = (await bouncer.admin<{ database: string; total_xact_count: string }>("SHOW STATS")).find((row) => row.database === database);
      expect(Number(stats?.total_xact_count)).toBeGreaterThan(100);
      const servers = (await bouncer.admin<{ database: string }>("SHOW SERVERS")).filter((row) => row.database === database);
      expect(servers.length).toBeLessThanOrEqual(2);
    }
  });
});
