import { beforeAll, describe, expect, it } from "vitest";
import { countDecisions } from "../../lib/domain/metrics/count-decisions";
import { getMetrics } from "../../lib/domain/metrics/get-metrics";
import type { MetricsScope } from "../../lib/domain/metrics/scope-intents";
import { sealMetricDays } from "../../lib/domain/metrics/seal-metric-days";
import { sealRecentDays } from "../../lib/domain/metrics/seal-recent-days";
import { createTestOrg, type TestOrg } from "../factories/org";
import { call } from "../helpers/api";
import { type FixtureIntent, insertIntents } from "../helpers/metrics-fixture";
import { sqlRows } from "../helpers/sql";

// Past whole days' allow/deny counts are counted once into intent_day_counts ("sealed") and read
// from there afterwards. These tests check that the sealed path answers exactly what counting the
// intents themselves answers, under every filter, and that open days stay live.

const DAY = 86_400_000;
let org: TestOrg;
let agents: { id: string; name: string }[];

/** 2026-04-01 .. 2026-04-06 at odd hours, two agents, two actions, two environments, three outcomes. */
function fixture(): FixtureIntent[] {
  const rows: FixtureIntent[] = [];
  for (let n = 0; n < 120; n++) {
    const outcome = n % 5 === 0 ? "deny" : n % 5 === 1 ? "require_approval" : "allow";
    rows.push({
      at: new Date(Date.parse("2026-04-01T00:00:00Z") + n * 71 * 60_000 + (n % 7) * 1000).toISOString(),
      agent: (agents[n % 2] as { id: string }).id,
      outcome,
      status: outcome === "allow" ? "succeeded" : outcome === "deny" ? "denied" : "rejected",
      resolvedAfter: outcome === "require_approval" ? 30 : undefined,
      rule: n % 3 === 0 ? null : `rule-${n % 4}`,
      action: n % 4 < 2 ? "email.send" : "crm.delete",
      environment: n % 6 === 0 ? null : n % 6 < 4 ? "production" : "staging",
    });
  }
  return rows;
}

beforeAll(async () => {
  org = await createTestOrg();
  agents = [await org.agent(), await org.agent()];
  await insertIntents(org.orgId, fixture());
});

const NOW = new Date("2026-06-01T00:00:00Z");
const scopeOf = (extra: Partial<MetricsScope> = {}): MetricsScope => ({
  orgId: org.orgId,
  // Partial first and last days around four whole ones.
  from: new Date("2026-04-01T05:30:00Z"),
  to: new Date("2026-04-06T20:00:00Z"),
  bucket: "day",
  ...extra,
});

describe("sealed days", () => {
  it("seal the window's whole past days, and count exactly what the intents count, under every filter", async () => {
    const core = await sealMetricDays(scopeOf(), NOW);
    expect(core).toEqual({ from: new Date("2026-04-02T00:00:00Z"), to: new Date("2026-04-06T00:00:00Z") });
    const sealed = await sqlRows<{ day: Date }>("SELECT day FROM metric_sealed_days WHERE org_id = $1 ORDER BY day", org.orgId);
    expect(sealed.map((r) => r.day.toISOString().slice(0, 10))).toEqual(["2026-04-02", "2026-04-03", "2026-04-04", "2026-04-05"]);
    // A window before the org's first intent marks nothing, however far back it reaches.
    expect(await sealMetricDays(scopeOf({ from: new Date("2020-01-01T00:00:00Z"), to: new Date("2020-12-01T00:00:00Z") }), NOW)).toBeNull();
    const after = await sqlRows<{ n: number }>("SELECT count(*)::int AS n FROM metric_sealed_days WHERE org_id = $1", org.orgId);
    expect(after[0]?.n).toBe(4);

    const filters: Partial<MetricsScope>[] = [
      {},
      { action: "email.send" },
      { environment: "staging" },
      { environment: "production", action: "crm.delete" },
      { agent: (agents[1] as { name: string }).name },
      { agent: (agents[0] as { id: string }).id, action: "email.send" },
    ];
    for (const filter of filters) {
      const fromDays = await countDecisions(scopeOf(filter), core);
      const fromIntents = await countDecisions(scopeOf(filter), null);
      expect(fromDays, JSON.stringify(filter)).toEqual(fromIntents);
      expect(fromIntents.buckets.some((b) => b.allowed > 0), JSON.stringify(filter)).toBe(true);
    }
  });

  it("keep a sealed day's counts while later windows reuse them, and agree with the API", async () => {
    const first = await getMetrics(org.ctx, { from: new Date("2026-04-01T00:00:00Z"), to: new Date("2026-04-07T00:00:00Z") }, NOW);
    const again = await getMetrics(org.ctx, { from: new Date("2026-04-01T00:00:00Z"), to: new Date("2026-04-07T00:00:00Z") }, NOW);
    expect(again).toEqual(first);
    const rows = await sqlRows<{ n: number }>("SELECT sum(intents)::int AS n FROM intent_day_counts WHERE org_id = $1", org.orgId);
    // 120 intents from 04-01 00:00 every 71 minutes: all fall inside 04-01 .. 04-06.
    expect(rows[0]?.n).toBe(120);
    expect(first.intents).toBe(120);
  });

  it("never seal today: an intent proposed now is counted at once", async () => {
    const live = await createTestOrg();
    const agent = await live.agent();
    await live.setPolicy("version: 1\ndefault: allow\nrules: []\n");
    const window = `from=${new Date(Date.now() - 3 * DAY).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`;
    const before = await call("GET", `/api/v1/metrics?${window}`, { token: live.admin.token });
    expect(before.body).toMatchObject({ bucket: "day", intents: 0 });

    const proposed = await call("POST", "/api/v1/intents", { token: agent.key, body: { action: "email.send", payload: { n: 1 } } });
    expect(proposed.body.status).toBe("allowed");
    const after = await call("GET", `/api/v1/metrics?${window}`, { token: live.admin.token });
    expect(after.body).toMatchObject({ intents: 1, auto_allow_rate: 1 });
    // Its only intent is today's, so no day of the window is marked: not today (open), and not the
    // days before the org's first intent (nothing to count).
    const sealed = await sqlRows<{ day: Date }>("SELECT day FROM metric_sealed_days WHERE org_id = $1", live.orgId);
    expect(sealed).toEqual([]);
  });

  it("are counted ahead for every org active in the default range, by the sweeper's housekeeping", async () => {
    const active = await createTestOrg();
    const agent = await active.agent();
    const now = new Date();
    const threeDaysAgo = new Date(Math.floor(now.getTime() / DAY) * DAY - 3 * DAY + 3_600_000).toISOString();
    await insertIntents(active.orgId, [{ at: threeDaysAgo, agent: agent.id, outcome: "allow", status: "succeeded", rule: "r", action: "a.b" }]);
    await sealRecentDays(now);
    const counted = await sqlRows<{ day: Date; intents: number }>("SELECT day, intents FROM intent_day_counts WHERE org_id = $1", active.orgId);
    expect(counted.map((r) => [r.day.toISOString().slice(0, 10), r.intents])).toEqual([[threeDaysAgo.slice(0, 10), 1]]);
    // Marked: from the day of its first intent to the last day that is over (by an hour).
    const firstDay = Math.floor(Date.parse(threeDaysAgo) / DAY) * DAY;
    const lastEnd = Math.floor((now.getTime() - 3_600_000) / DAY) * DAY;
    const sealed = await sqlRows<{ n: number }>("SELECT count(*)::int AS n FROM metric_sealed_days WHERE org_id = $1", active.orgId);
    expect(sealed[0]?.n).toBe((lastEnd - firstDay) / DAY);
    // An org with nothing in the range is left alone.
    const idle = await createTestOrg();
    await sealRecentDays(now);
    expect((await sqlRows<{ n: number }>("SELECT count(*)::int AS n FROM metric_sealed_days WHERE org_id = $1", idle.orgId))[0]?.n).toBe(0);
  });
});
