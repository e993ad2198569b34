import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { UserPrincipal } from "../../lib/auth/principal";
import type { Role } from "../../lib/roles";
import { type HistorySummary, seedHistory } from "../../scripts/seed/history";
import { type TestOrg, type TestUser, createTestOrg } from "../factories/org";
import { call } from "../helpers/api";
import { sqlRows } from "../helpers/sql";

// The demo seed's 30 days of history (scripts/seed/history.ts), written into a fresh org set up
// like the demo's (members, the demo policy, ops-agent), then read back only through the routes:
// the audit chain verifies, every metrics figure the dashboard charts has something to show, the
// lease has spent money, the webhook has delivered and failed deliveries.

const DEMO_POLICY = readFileSync(path.resolve(import.meta.dirname, "../../prisma/demo-policy.yaml"), "utf8");

let org: TestOrg;
let viewer: TestUser;
let history: HistorySummary;
let seconds: number;

const principal = (o: TestOrg, user: TestUser): UserPrincipal => ({ kind: "user", orgId: o.orgId, userId: user.userId, role: user.role, via: "token" });
const get = async (pathAndQuery: string, token = org.admin.token) => {
  const res = await call("GET", pathAndQuery, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};

beforeAll(async () => {
  org = await createTestOrg();
  const reviewers: TestUser[] = [];
  for (const role of ["approver", "approver", "publisher"] as Role[]) reviewers.push(await org.user(role));
  viewer = await org.user("viewer");
  await org.setPolicy(DEMO_POLICY);
  const ops = await org.agent("ops-agent");
  const started = performance.now();
  history = await seedHistory({ admin: org.principal, reviewers: reviewers.map((user) => principal(org, user)), opsAgent: { id: ops.id, name: ops.name } });
  seconds = (performance.now() - started) / 1000;
  console.log(`demo history on PostgreSQL: ${history.intents} intents, ${history.auditEvents} audit events in ${seconds.toFixed(2)} s`);
}, 120_000);

describe("the demo seed's 30-day history", () => {
  it("keeps the audit chain valid and in time order, and leaves nothing for the sweeper to do", async () => {
    const verify = await get("/api/v1/audit/verify");
    expect(verify).toMatchObject({ ok: true, events: history.auditEvents });
    const [order] = await sqlRows<{ backwards: number; future: number }>(
      `SELECT count(*) FILTER (WHERE at < prev)::int AS backwards, count(*) FILTER (WHERE at > now() AT TIME ZONE 'UTC')::int AS future
       FROM (SELECT at, lag(at) OVER (ORDER BY seq) AS prev FROM audit_events WHERE org_id = $1) e`,
      org.orgId,
    );
    expect(order).toEqual({ backwards: 0, future: 0 });
    const [due] = await sqlRows<{ n: number }>(
      `SELECT count(*)::int AS n FROM intents WHERE org_id = $1 AND ((status = 'pending_approval' AND sla_deadline <= now() AT TIME ZONE 'UTC')
         OR (status IN ('allowed', 'approved') AND expires_at <= now() AT TIME ZONE 'UTC'))`,
      org.orgId,
    );
    expect(due.n, "history intents the sweeper would still act on").toBe(0);
  });

  it("fills every figure of the metrics page over the default 30 days", async () => {
    const m = await get("/api/v1/metrics", viewer.token);
    expect(m.intents).toBeGreaterThanOrEqual(2500);
    expect(m.intents).toBeLessThanOrEqual(4000);
    expect(m.time_to_approve_p50_s).toBeGreaterThan(0);
    expect(m.time_to_approve_p95_s).toBeGreaterThan(m.time_to_approve_p50_s);
    expect(m.override_rate).toBeGreaterThan(0);
    expect(Object.keys(m.rejection_reasons).length).toBeGreaterThanOrEqual(3);
    expect(m.sla_breaches).toBeGreaterThan(0);
    expect(m.reviewer_burden.length).toBeGreaterThanOrEqual(3);
    expect(m.series.filter((point: { intents: number }) => point.intents > 0).length).toBeGreaterThanOrEqual(25);
    expect(m.rules.filter((rule: { advice: string | null }) => rule.advice !== null).length).toBeGreaterThanOrEqual(1);
    expect(m.shadow.reduce((sum: number, rule: { total: number }) => sum + rule.total, 0)).toBeGreaterThan(0);
    expect(m.reviews.sampled).toBeGreaterThan(0);
    expect(m.auto_allow_rate).toBeGreaterThan(0);
    expect(m.deny_rate).toBeGreaterThan(0);
  });

  it("is counted into the past days' totals exactly (the metrics sealed them on first read)", async () => {
    await get("/api/v1/metrics");
    const [sealed] = await sqlRows<{ n: number }>("SELECT count(*)::int AS n FROM metric_sealed_days WHERE org_id = $1", org.orgId);
    expect(sealed.n).toBeGreaterThanOrEqual(25);
    const mismatched = await sqlRows<{ day: Date }>(
      `SELECT s.day FROM metric_sealed_days s
       WHERE s.org_id = $1 AND (SELECT coalesce(sum(c.intents), 0) FROM intent_day_counts c WHERE c.org_id = s.org_id AND c.day = s.day)
         <> (SELECT count(*) FROM intents i WHERE i.org_id = s.org_id AND i.created_at::date = s.day)`,
      org.orgId,
    );
    expect(mismatched).toEqual([]);
  });

  it("records each intent's decisions as the server does", async () => {
    const kinds = async (status: string) => {
      const { items } = await get(`/api/v1/intents?status=${status}&limit=1`);
      const decisions = await get(`/api/v1/intents/${items[0].id}/decisions`);
      return (decisions.items as { kind: string }[]).map((line) => line.kind);
    };
    expect(await kinds("rejected")).toEqual(expect.arrayContaining(["policy", "rejection"]));
    expect((await kinds("cancelled")).slice(-1)).toEqual(["cancel"]);
    expect((await kinds("succeeded"))[0]).toBe("policy");
    expect((await kinds("succeeded")).slice(-1)).toEqual(["execution"]);
  });

  it("has an active lease whose intents count as spent", async () => {
    const lease = await get(`/api/v1/leases/${history.leaseId}`);
    expect(lease.status).toBe("active");
    expect(lease.spent).toBeGreaterThan(0);
    expect(lease.remaining).toBe(lease.spend_limit.amount - lease.spent);
    expect(lease.intents_count).toBeGreaterThan(0);
  });

  it("has a disabled webhook with delivered and failed deliveries", async () => {
    const webhook = await get(`/api/v1/webhooks/${history.webhookId}`);
    expect(webhook.active).toBe(false);
    for (const status of ["delivered", "failed"]) {
      const { items } = await get(`/api/v1/webhooks/${history.webhookId}/deliveries?status=${status}&limit=5`);
      expect(items.length, status).toBeGreaterThan(0);
      expect(items[0].attempt_log.length).toBeGreaterThan(0);
    }
  });
});
