import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestOrg, type TestOrg, type TestUser } from "../factories/org";
import { call } from "../helpers/api";
import { type FixtureIntent, insertIntents } from "../helpers/metrics-fixture";

// GET /metrics over a fixture written straight into the tables: every figure is checked against
// an answer worked out by hand below. The main window is [2026-03-01, 2026-03-03): 48 h, so
// hourly buckets. `h(n)` is n hours into it.

const FROM = "2026-03-01T00:00:00.000Z";
const TO = "2026-03-03T00:00:00.000Z";
const h = (hours: number, ms = 0) => new Date(Date.parse(FROM) + hours * 3_600_000 + ms).toISOString();
const HOUR = 3600;

let org: TestOrg;
let other: TestOrg;
let viewer: TestUser;
let u1: TestUser;
let u2: TestUser;
let adm: TestUser;
let ag1: { id: string; name: string };
let ag2: { id: string; name: string };

/** percentile_cont as PostgreSQL defines it: linear interpolation at p·(n−1) over the sorted values. */
function percentileCont(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = p * (sorted.length - 1);
  const lo = Math.floor(position);
  const hi = Math.ceil(position);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (position - lo);
}

const metrics = async (query: string, token = viewer.token) => {
  const res = await call("GET", `/api/v1/metrics?${query}`, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
const inMain = (extra = "") => metrics(`from=${FROM}&to=${TO}${extra}`);

/** The main fixture (ids A1…P3 in the comments of the expectations below). */
function mainFixture(): FixtureIntent[] {
  const pay = { outcome: "require_approval", rule: "pay-rule", action: "payment.send" } as const;
  const email = { outcome: "require_approval", rule: "email-rule", action: "email.send" } as const;
  const approve = (user: TestUser, after: number, reason: string | null = "ok") => ({ user: user.userId, decision: "approve" as const, reason, after });
  const reject = (user: TestUser, after: number, reason: string | null) => ({ user: user.userId, decision: "reject" as const, reason, after });
  return [
    // Allowed at h0 (L1–L4); L1–L3 sampled for review.
    { at: h(0), agent: ag1.id, outcome: "allow", status: "succeeded", rule: "read-rule", action: "crm.read", review: "right", shadow: [{ rule_id: "shadow-strict", outcome: "deny" }] },
    {
      at: h(0, 1),
      agent: ag2.id,
      outcome: "allow",
      status: "succeeded",
      rule: "read-rule",
      action: "crm.read",
      environment: "staging",
      review: "wrong",
      shadow: [
        { rule_id: "shadow-strict", outcome: "require_approval" },
        { rule_id: "shadow-loose", outcome: "allow" },
      ],
    },
    { at: h(0, 2), agent: ag1.id, outcome: "allow", status: "allowed", rule: "read-rule", action: "crm.read", review: "pending" },
    { at: h(0, 3), agent: ag1.id, outcome: "allow", status: "succeeded", rule: "read-rule", action: "crm.read", environment: "staging" },
    // Human-approved, time to approve 3, 10, 25, 30, 45, 600, 7200, 86400, 100000, 200000 s.
    { ...pay, at: h(1), agent: ag1.id, status: "succeeded", resolvedAfter: 3, recommendation: "approve", approvals: [approve(u1, 3)], shadow: [{ rule_id: "shadow-strict", outcome: "deny" }] }, // A1
    { ...pay, at: h(1, 1), agent: ag1.id, status: "approved", resolvedAfter: 10, context: { confidence: 0.4 }, approvals: [approve(u1, 10)] }, // A2
    { ...pay, at: h(2), agent: ag2.id, environment: "staging", status: "failed", resolvedAfter: 25, recommendation: "reject", approvals: [approve(u2, 25)] }, // A3 override
    { ...pay, at: h(2, 1), agent: ag1.id, status: "expired", resolvedAfter: 30, recommendation: "approve", approvals: [approve(u1, 30)] }, // A4 token lapsed
    { outcome: "require_approval", rule: "lease-rule", action: "lease.create", environment: null, at: h(5), agent: ag1.id, status: "approved", resolvedAfter: 45, approvals: [approve(adm, 45)] }, // A5
    { ...pay, at: h(5, 1), agent: ag2.id, status: "succeeded", approvalsRequired: 2, resolvedAfter: 600, recommendation: "approve", approvals: [approve(u1, 300), approve(u2, 600)] }, // A6
    { ...email, at: h(10), agent: ag1.id, status: "succeeded", sla: HOUR, resolvedAfter: 7200, approvals: [approve(u1, 7200)] }, // A7 late
    { ...email, at: h(10, 1), agent: ag2.id, environment: "staging", status: "approved", sla: 86400, resolvedAfter: 86400, recommendation: "reject", approvals: [approve(u2, 86400)] }, // A8 on the deadline, override
    { ...email, at: h(30), agent: ag1.id, status: "succeeded", resolvedAfter: 100000, approvals: [approve(u1, 100000)] }, // A9 late
    { ...pay, at: h(30, 1), agent: ag1.id, status: "succeeded", sla: null, resolvedAfter: 200000, recommendation: "approve", approvals: [approve(u1, 200000)] }, // A10 no SLA
    // Human-rejected.
    { ...pay, at: h(3), agent: ag1.id, status: "rejected", resolvedAfter: 100, recommendation: "approve", approvals: [reject(u1, 100, "too risky")] }, // R1 override
    { ...pay, at: h(3, 1), agent: ag2.id, status: "rejected", resolvedAfter: 100, recommendation: "reject", approvals: [reject(u2, 100, "  too risky \n")] }, // R2 agrees
    { ...email, at: h(12), agent: ag1.id, status: "rejected", sla: HOUR, resolvedAfter: 2 * HOUR, context: null, approvals: [reject(adm, 2 * HOUR, null)] }, // R3 override, late
    { ...email, at: h(12, 1), agent: ag1.id, environment: "staging", status: "rejected", resolvedAfter: 200, approvals: [reject(u1, 200, "   ")] }, // R4 override
    {
      ...pay,
      at: h(20),
      agent: ag2.id,
      status: "rejected",
      approvalsRequired: 2,
      resolvedAfter: 100,
      recommendation: "approve",
      approvals: [approve(u1, 50), reject(u2, 100, "wrong amount")],
    }, // R5 override
    // SLA timeouts (E1 after one of two approvals), a cancellation, pending items.
    { ...email, at: h(6), agent: ag1.id, status: "expired", sla: HOUR, resolvedAfter: HOUR + 5, approvalsRequired: 2, approvals: [approve(u1, 100)], timeoutLog: true }, // E1
    { ...pay, at: h(6, 1), agent: ag2.id, environment: "staging", status: "expired", sla: 2 * HOUR, resolvedAfter: 2 * HOUR, timeoutLog: true }, // E2 on the deadline
    { ...pay, at: h(7), agent: ag1.id, status: "cancelled", sla: HOUR, resolvedAfter: 2 * HOUR }, // C1 late
    { ...pay, at: h(8), agent: ag1.id, status: "pending_approval", sla: HOUR }, // P1 overdue
    { ...email, at: h(8, 1), agent: ag2.id, status: "pending_approval", sla: "2099-01-01T00:00:00Z" }, // P2
    { ...email, at: h(40), agent: ag1.id, status: "pending_approval", sla: HOUR, escalated: true, timeoutLog: true }, // P3 escalated, overdue
    // Denied at h15, allowed at h47 (L8 in the last millisecond of the window).
    { at: h(15), agent: ag1.id, outcome: "deny", status: "denied", rule: "deny-rule", action: "wire.send", shadow: [{ rule_id: "shadow-loose", outcome: "allow" }] },
    { at: h(15, 1), agent: ag2.id, outcome: "deny", status: "denied", rule: "deny-rule", action: "wire.send", environment: "staging" },
    { at: h(15, 2), agent: ag1.id, outcome: "deny", status: "denied", rule: null, action: "wire.send" },
    { at: h(47), agent: ag2.id, outcome: "allow", status: "succeeded", rule: "docs-rule", action: "docs.read", review: "right" },
    { at: h(47, 1), agent: ag1.id, outcome: "allow", status: "succeeded", rule: "misc-allow", action: "docs.read" },
    { at: h(47, 2), agent: ag1.id, outcome: "allow", status: "expired", rule: "read-rule", action: "crm.read", environment: "staging" },
    { at: "2026-03-02T23:59:59.999Z", agent: ag2.id, outcome: "allow", status: "allowed", rule: null, action: "docs.read" },
  ];
}

/** Just outside the main window: the millisecond before, the instant `to` (exclusive), later that day. */
function outsideFixture(): FixtureIntent[] {
  return [
    {
      at: "2026-02-28T23:59:59.999Z",
      agent: ag1.id,
      outcome: "require_approval",
      rule: "pay-rule",
      action: "payment.send",
      status: "approved",
      resolvedAfter: 5,
      recommendation: "reject",
      approvals: [{ user: u2.userId, decision: "approve", after: 5 }],
      shadow: [{ rule_id: "shadow-strict", outcome: "deny" }],
    },
    {
      at: TO,
      agent: ag1.id,
      outcome: "require_approval",
      rule: "email-rule",
      action: "email.send",
      status: "rejected",
      resolvedAfter: 60,
      approvals: [{ user: adm.userId, decision: "reject", reason: "too risky", after: 60 }],
    },
    { at: "2026-03-03T05:00:00.000Z", agent: ag2.id, outcome: "allow", status: "succeeded", rule: "read-rule", action: "crm.read", review: "wrong" },
  ];
}

beforeAll(async () => {
  [org, other] = [await createTestOrg(), await createTestOrg()];
  [viewer, u1, u2] = [await org.user("viewer"), await org.user("approver"), await org.user("approver")];
  adm = org.admin;
  const suffix = randomUUID().slice(0, 6);
  [ag1, ag2] = [await org.agent(`alpha-${suffix}`), await org.agent(`beta-${suffix}`)];
  await insertIntents(org.orgId, [...mainFixture(), ...outsideFixture()]);

  // The other org: same rule ids, actions and even an agent of the same name, inside the window.
  const twin = await other.agent(ag2.name);
  await insertIntents(other.orgId, [
    {
      at: h(3),
      agent: twin.id,
      outcome: "require_approval",
      rule: "pay-rule",
      action: "payment.send",
      status: "rejected",
      resolvedAfter: 9,
      approvals: [{ user: other.admin.userId, decision: "reject", reason: "other org", after: 9 }],
      shadow: [{ rule_id: "shadow-strict", outcome: "deny" }],
    },
    { at: h(3), agent: twin.id, outcome: "allow", status: "succeeded", rule: "read-rule", action: "crm.read", review: "wrong" },
    { at: h(9), agent: twin.id, outcome: "require_approval", rule: "pay-rule", action: "payment.send", status: "pending_approval", sla: 60 },
  ]);
});

describe("GET /api/v1/metrics over the main window", () => {
  it("counts intents and the shares of each policy outcome", async () => {
    const m = await inMain();
    expect(m).toMatchObject({ from: FROM, to: TO, bucket: "hour", intents: 32 });
    // 21 required approval, 8 were allowed, 3 denied.
    expect(m.approval_rate).toBe(21 / 32);
    expect(m.auto_allow_rate).toBe(8 / 32);
    expect(m.deny_rate).toBe(3 / 32);
    expect(Object.keys(m)).toEqual([
      "from", "to", "bucket", "intents", "approval_rate", "auto_allow_rate", "deny_rate", "time_to_approve_p50_s",
      "time_to_approve_p95_s", "override_rate", "rejection_reasons", "sla_breaches", "reviewer_burden", "series",
      "time_to_approve_histogram", "shadow", "rules", "reviews",
    ]);
  });

  it("times human approvals, including executed, failed, lapsed and lease approvals, with percentile_cont", async () => {
    const m = await inMain();
    const seconds = [3, 10, 25, 30, 45, 600, 7200, 86400, 100000, 200000];
    // p50 at position 4.5: 45 + 0.5·(600 − 45); p95 at 8.55: 100000 + 0.55·100000.
    expect(m.time_to_approve_p50_s).toBe(322.5);
    expect(m.time_to_approve_p50_s).toBe(percentileCont(seconds, 0.5));
    expect(m.time_to_approve_p95_s).toBe(percentileCont(seconds, 0.95));
    expect(m.time_to_approve_p95_s).toBeCloseTo(155000, 6);
  });

  it("buckets the time to approve at fixed edges, an edge value falling in its own bucket", async () => {
    const m = await inMain();
    expect(m.time_to_approve_histogram).toEqual([
      { le_s: 10, count: 2 }, // 3, 10
      { le_s: 30, count: 2 }, // 25, 30
      { le_s: 60, count: 1 }, // 45
      { le_s: 300, count: 0 },
      { le_s: 900, count: 1 }, // 600
      { le_s: 3600, count: 0 },
      { le_s: 14400, count: 1 }, // 7200
      { le_s: 86400, count: 1 }, // 86400
      { le_s: null, count: 2 }, // 100000, 200000
    ]);
  });

  it("rates overrides against the recommendation, rejections without one, and wrong reviews", async () => {
    const m = await inMain();
    // 15 human resolutions: overrides A3, A8 (approved against "reject"), R1, R5 (rejected against
    // "approve"), R3, R4 (rejected, no recommendation); R2 rejected as recommended. Reviews: 3
    // marked (L1 right, L2 wrong, L5 right), L3 still pending.
    expect(m.override_rate).toBe((6 + 1) / (15 + 3));
    expect(m.reviews).toEqual({ sampled: 4, reviewed: 3, wrong: 1 });
  });

  it("lists the reasons of human rejections, trimmed, empty ones as (no reason)", async () => {
    const m = await inMain();
    expect(m.rejection_reasons).toEqual({ "(no reason)": 2, "too risky": 2, "wrong amount": 1 });
    expect(Object.keys(m.rejection_reasons)).toEqual(["(no reason)", "too risky", "wrong amount"]);
  });

  it("counts SLA breaches of every kind", async () => {
    // Resolved late: A7, A9 (approved), R3 (rejected), C1 (cancelled), E1 (timed out 5 s after).
    // Timed out on the deadline: E2. Still pending past it: P1, P3. Not breaches: A8 resolved on
    // its deadline, A10 without a deadline, P2 due in 2099.
    expect((await inMain()).sla_breaches).toBe(8);
  });

  it("ranks reviewers by human decisions on the window's intents, most first", async () => {
    const m = await inMain();
    expect(m.reviewer_burden).toEqual([
      // A1 A2 A4 A6 A7 A9 A10, R1 R4, R5's approval, E1's partial approval
      { user_id: u1.userId, email: u1.email, resolved: 11 },
      { user_id: u2.userId, email: u2.email, resolved: 5 }, // A3 A6 A8 R2 R5
      { user_id: adm.userId, email: adm.email, resolved: 2 }, // A5 R3
    ]);
  });

  it("gives every hour of the window, empty ones as zeros", async () => {
    const m = await inMain();
    const zero = { intents: 0, allowed: 0, denied: 0, approval_required: 0, approved: 0, rejected: 0, expired: 0, overrides: 0 };
    const busy: Record<number, Partial<typeof zero>> = {
      0: { intents: 4, allowed: 4, overrides: 1 }, // L2 reviewed wrong
      1: { intents: 2, approval_required: 2, approved: 2 },
      2: { intents: 2, approval_required: 2, approved: 2, overrides: 1 },
      3: { intents: 2, approval_required: 2, rejected: 2, overrides: 1 },
      5: { intents: 2, approval_required: 2, approved: 2 },
      6: { intents: 2, approval_required: 2, expired: 2 },
      7: { intents: 1, approval_required: 1 },
      8: { intents: 2, approval_required: 2 },
      10: { intents: 2, approval_required: 2, approved: 2, overrides: 1 },
      12: { intents: 2, approval_required: 2, rejected: 2, overrides: 2 },
      15: { intents: 3, denied: 3 },
      20: { intents: 1, approval_required: 1, rejected: 1, overrides: 1 },
      30: { intents: 2, approval_required: 2, approved: 2 },
      40: { intents: 1, approval_required: 1 },
      47: { intents: 4, allowed: 4 },
    };
    expect(m.series).toEqual(Array.from({ length: 48 }, (_, i) => ({ bucket: h(i), ...zero, ...busy[i] })));
  });

  it("counts what each shadow rule would have decided", async () => {
    const m = await inMain();
    expect(m.shadow).toEqual([
      { rule_id: "shadow-strict", would_deny: 2, would_require_approval: 1, would_allow: 0, total: 3 }, // L1, L2, A1
      { rule_id: "shadow-loose", would_deny: 0, would_require_approval: 0, would_allow: 2, total: 2 }, // L2, D1
    ]);
  });

  it("rates each approval rule and each sampled allow rule, with advice", async () => {
    const m = await inMain();
    expect(m.rules).toEqual([
      // 12 intents; 6 approved, 3 rejected (R1 R2 R5): 33 % rejections at volume ≥ 10.
      { rule_id: "pay-rule", decision: "require_approval", volume: 12, approval_rate: 6 / 9, override_rate: 3 / 9, advice: "tighten_candidate" },
      // 40 % rejections, but a volume of 8 is below 10.
      { rule_id: "email-rule", decision: "require_approval", volume: 8, approval_rate: 3 / 5, override_rate: 3 / 5, advice: null },
      // Allow rule: 2 of its samples reviewed, 1 marked wrong.
      { rule_id: "read-rule", decision: "allow", volume: 5, approval_rate: null, override_rate: 1 / 2, advice: "tighten_candidate" },
      { rule_id: "docs-rule", decision: "allow", volume: 1, approval_rate: null, override_rate: 0, advice: null },
      { rule_id: "lease-rule", decision: "require_approval", volume: 1, approval_rate: 1, override_rate: 0, advice: null },
    ]);
  });
});

describe("GET /api/v1/metrics filters", () => {
  it("by action", async () => {
    const m = await inMain("&action=payment.send");
    // A1 A2 A3 A4 A6 A10, R1 R2 R5, E2, C1, P1
    expect(m).toMatchObject({ intents: 12, approval_rate: 1, auto_allow_rate: 0, deny_rate: 0, sla_breaches: 3 });
    const seconds = [3, 10, 25, 30, 600, 200000];
    expect(m.time_to_approve_p50_s).toBe(27.5);
    expect(m.time_to_approve_p95_s).toBe(percentileCont(seconds, 0.95));
    expect(m.override_rate).toBe(3 / 9);
    expect(m.rejection_reasons).toEqual({ "too risky": 2, "wrong amount": 1 });
    expect(m.reviewer_burden).toEqual([
      { user_id: u1.userId, email: u1.email, resolved: 7 },
      { user_id: u2.userId, email: u2.email, resolved: 4 },
    ]);
    expect(m.shadow).toEqual([{ rule_id: "shadow-strict", would_deny: 1, would_require_approval: 0, would_allow: 0, total: 1 }]);
    expect(m.rules.map((r: { rule_id: string }) => r.rule_id)).toEqual(["pay-rule"]);
    expect(m.reviews).toEqual({ sampled: 0, reviewed: 0, wrong: 0 });
  });

  it("by agent name or id, this org's agents only", async () => {
    const byName = await inMain(`&agent=${ag2.name}`);
    const byId = await inMain(`&agent=${ag2.id}`);
    expect(byId).toEqual(byName);
    // A3 A6 A8 R2 R5 E2 P2 require approval, L2 L5 L8 allowed, D2 denied.
    expect(byName).toMatchObject({ intents: 11, sla_breaches: 1, reviews: { sampled: 2, reviewed: 2, wrong: 1 } });
    expect(byName.approval_rate).toBe(7 / 11);
    expect(byName.auto_allow_rate).toBe(3 / 11);
    expect(byName.deny_rate).toBe(1 / 11);
    // Overrides A3, A8, R5 among 5 resolutions, plus L2 wrong among 2 reviews.
    expect(byName.override_rate).toBe((3 + 1) / (5 + 2));
    const otherAgent = await inMain(`&agent=${ag1.name}x`);
    expect(otherAgent).toMatchObject({ intents: 0, override_rate: null, time_to_approve_p50_s: null, reviewer_burden: [], rules: [] });
  });

  it("by environment", async () => {
    const m = await inMain("&environment=staging");
    // A3 A8 R4 E2, L2 L4 L7, D2
    expect(m).toMatchObject({ intents: 8, approval_rate: 4 / 8, auto_allow_rate: 3 / 8, deny_rate: 1 / 8, sla_breaches: 1 });
    expect(m.time_to_approve_p50_s).toBe(percentileCont([25, 86400], 0.5));
    expect(m.time_to_approve_p95_s).toBe(percentileCont([25, 86400], 0.95));
    expect(m.override_rate).toBe(1); // A3, A8, R4 and L2's wrong review: every one
    expect(m.rejection_reasons).toEqual({ "(no reason)": 1 });
  });

  it("combined, and where nothing was resolved or reviewed", async () => {
    const m = await inMain(`&action=email.send&environment=production&agent=${ag1.id}`);
    // A7 A9 R3 E1 P3: all past their SLA.
    expect(m).toMatchObject({ intents: 5, approval_rate: 1, sla_breaches: 5, override_rate: 1 / 3 });
    expect(m.time_to_approve_p50_s).toBe(percentileCont([7200, 100000], 0.5));
    const denied = await inMain("&action=wire.send");
    expect(denied).toMatchObject({ intents: 3, deny_rate: 1, override_rate: null, time_to_approve_p50_s: null, time_to_approve_p95_s: null, rules: [] });
    const reviewedOnly = await inMain("&action=crm.read");
    expect(reviewedOnly.override_rate).toBe(1 / 2);
    const lease = await inMain("&action=lease.create");
    expect(lease).toMatchObject({ intents: 1, override_rate: 0, time_to_approve_p50_s: 45, time_to_approve_p95_s: 45 });
  });
});

describe("GET /api/v1/metrics ranges and buckets", () => {
  it("buckets by day beyond 48 h, empty days included, counting the window's edges exactly", async () => {
    const m = await metrics("from=2026-02-28&to=2026-03-05T00:00:00Z");
    expect(m).toMatchObject({ from: "2026-02-28T00:00:00.000Z", to: "2026-03-05T00:00:00.000Z", bucket: "day", intents: 35 });
    expect(m.series.map((p: { bucket: string; intents: number }) => [p.bucket, p.intents])).toEqual([
      ["2026-02-28T00:00:00.000Z", 1],
      ["2026-03-01T00:00:00.000Z", 25],
      ["2026-03-02T00:00:00.000Z", 7],
      ["2026-03-03T00:00:00.000Z", 2],
      ["2026-03-04T00:00:00.000Z", 0],
    ]);
    expect(m.reviewer_burden.map((r: { resolved: number }) => r.resolved)).toEqual([11, 6, 3]);
    expect(m.rejection_reasons).toEqual({ "too risky": 3, "(no reason)": 2, "wrong amount": 1 });
    expect(m.reviews).toEqual({ sampled: 5, reviewed: 4, wrong: 2 });
  });

  it("uses hourly buckets up to 48 h and daily ones beyond, starting at the bucket holding from", async () => {
    expect((await metrics(`from=${FROM}&to=2026-03-03T00:00:00.001Z`)).bucket).toBe("day");
    const partial = await metrics("from=2026-03-01T09:30:00Z&to=2026-03-01T12:30:00%2B00:00");
    expect(partial.bucket).toBe("hour");
    expect(partial.series.map((p: { bucket: string; intents: number }) => [p.bucket, p.intents])).toEqual([
      [h(9), 0],
      [h(10), 2],
      [h(11), 0],
      [h(12), 2],
    ]);
    // An offset is honoured: 02:00+02:00 is midnight UTC.
    const offset = await metrics("from=2026-03-01T02:00:00%2B02:00&to=2026-03-01T03:00:00%2B02:00");
    expect(offset).toMatchObject({ from: FROM, to: h(1), intents: 4 });
  });

  it("answers an empty window with zeros and nulls", async () => {
    const m = await metrics("from=2025-01-01T00:00:00Z&to=2025-01-02T00:00:00Z");
    expect(m).toMatchObject({
      bucket: "hour",
      intents: 0,
      approval_rate: 0,
      auto_allow_rate: 0,
      deny_rate: 0,
      time_to_approve_p50_s: null,
      time_to_approve_p95_s: null,
      override_rate: null,
      rejection_reasons: {},
      sla_breaches: 0,
      reviewer_burden: [],
      shadow: [],
      rules: [],
      reviews: { sampled: 0, reviewed: 0, wrong: 0 },
    });
    expect(m.series).toHaveLength(24);
    expect(m.time_to_approve_histogram.every((b: { count: number }) => b.count === 0)).toBe(true);
  });

  it("defaults to the last 30 days, and allows exactly 400", async () => {
    const m = await metrics("");
    expect(Date.parse(m.to) - Date.parse(m.from)).toBe(30 * 86_400_000);
    expect(Math.abs(Date.parse(m.to) - Date.now())).toBeLessThan(60_000);
    expect(m.bucket).toBe("day");
    expect(m.series).toHaveLength(m.from.endsWith("T00:00:00.000Z") ? 30 : 31);
    const lone = await metrics(`to=${TO}`);
    expect(lone).toMatchObject({ from: "2026-02-01T00:00:00.000Z", to: TO, intents: 33 });
    const longest = await metrics("from=2025-06-01T00:00:00Z&to=2026-07-06T00:00:00Z");
    expect(longest.series).toHaveLength(400);
  });

  it.each([
    ["from after to", `from=${TO}&to=${FROM}`, "from"],
    ["from equal to to", `from=${FROM}&to=${FROM}`, "from"],
    ["more than 400 days", "from=2025-06-01T00:00:00Z&to=2026-07-06T00:00:00.001Z", "from"],
    ["a lone from more than 400 days ago", "from=2020-01-01T00:00:00Z", "from"],
    ["a lone from in the future", "from=2999-01-01T00:00:00Z", "from"],
    ["a date-time without an offset", "from=2026-03-01T00:00:00", "from"],
    ["an impossible date", "from=2026-02-30", "from"],
    ["not a date", "to=yesterday", "to"],
    ["year 0, which PostgreSQL cannot store", "from=0001-01-01T00:00:00%2B01:00&to=0001-01-02T00:00:00Z", "from"],
    // The default 30 days before a lone `to` reached year 0 and the query failed: a 500 (found by the route fuzzer).
    ["a lone to whose 30 days would start in year 0", "to=0001-01-01", "to"],
    ["a lone to 29 days into year 1", "to=0001-01-30T00:00:00Z", "to"],
    ["an empty filter", "action=", "action"],
    ["an unknown parameter", "bucket=hour", ""],
  ])("refuses %s with 422 validation_failed", async (_what, query, field) => {
    const res = await call("GET", `/api/v1/metrics?${query}`, { token: viewer.token });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("validation_failed");
    if (field) expect(res.body.error.details.issues[0].path).toEqual([field]);
  });
});

describe("GET /api/v1/metrics access", () => {
  it("answers viewers and admins, and refuses agent keys and missing tokens", async () => {
    expect((await call("GET", `/api/v1/metrics?from=${FROM}&to=${TO}`, { token: org.admin.token })).status).toBe(200);
    expect((await call("GET", `/api/v1/metrics?from=${FROM}&to=${TO}`, { token: viewer.token })).status).toBe(200);
    const agent = await org.agent();
    const refused = await call("GET", `/api/v1/metrics?from=${FROM}&to=${TO}`, { token: agent.key });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("forbidden");
    expect((await call("GET", `/api/v1/metrics?from=${FROM}&to=${TO}`)).status).toBe(401);
  });

  it("shows each org only its own intents", async () => {
    const m = await metrics(`from=${FROM}&to=${TO}`, other.admin.token);
    expect(m).toMatchObject({ intents: 3, sla_breaches: 1, reviews: { sampled: 1, reviewed: 1, wrong: 1 } });
    expect(m.override_rate).toBe((1 + 1) / (1 + 1));
    expect(m.rejection_reasons).toEqual({ "other org": 1 });
    expect(m.reviewer_burden).toEqual([{ user_id: other.admin.userId, email: other.admin.email, resolved: 1 }]);
    expect(m.shadow).toEqual([{ rule_id: "shadow-strict", would_deny: 1, would_require_approval: 0, would_allow: 0, total: 1 }]);
    // The twin agent's name names only the other org's agent there, and this org's agents here.
    expect((await metrics(`from=${FROM}&to=${TO}&agent=${ag2.name}`, other.admin.token)).intents).toBe(3);
    expect((await metrics(`from=${FROM}&to=${TO}&agent=${ag2.id}`, other.admin.token)).intents).toBe(0);
  });
});

describe("GET /api/v1/metrics advice", () => {
  // A week of April in the same org: rules sitting exactly on each threshold.
  const APRIL = "from=2026-04-01T00:00:00Z&to=2026-04-08T00:00:00Z";
  const at = (i: number) => new Date(Date.parse("2026-04-02T00:00:00Z") + i * 60_000).toISOString();

  beforeAll(async () => {
    const rows: FixtureIntent[] = [];
    const ask = (rule: string, n: number, status: "approved" | "rejected" | "pending_approval", recommendation?: "approve" | "reject") => {
      for (let i = 0; i < n; i++) {
        const decided = status !== "pending_approval";
        rows.push({
          at: at(rows.length),
          agent: ag1.id,
          outcome: "require_approval",
          rule,
          action: "advice.ask",
          status,
          recommendation,
          resolvedAfter: decided ? 60 : undefined,
          sla: decided ? 3600 : "2099-01-01T00:00:00Z",
          approvals: decided ? [{ user: adm.userId, decision: status === "approved" ? "approve" : "reject", reason: "r", after: 60 }] : [],
        });
      }
    };
    const allow = (rule: string, n: number, review: "right" | "wrong" | "pending" | undefined) => {
      for (let i = 0; i < n; i++) rows.push({ at: at(rows.length), agent: ag1.id, outcome: "allow", status: "succeeded", rule, action: "advice.allow", review });
    };
    ask("safe-rule", 19, "approved");
    ask("safe-rule", 1, "rejected"); // 19/20 = 0.95 approved, 1/20 = 0.05 overridden (no recommendation)
    ask("almost-rule", 19, "approved");
    ask("almost-rule", 2, "rejected", "reject"); // 19/21 approved: below 0.95
    ask("small-rule", 19, "approved"); // volume 19: below 20
    ask("noisy-rule", 7, "approved");
    ask("noisy-rule", 3, "rejected", "reject"); // 3/10 = 30 % rejections at volume 10
    ask("quiet-rule", 9, "rejected"); // every one rejected, but volume 9
    allow("sampled-rule", 19, "right");
    allow("sampled-rule", 1, "wrong"); // 1/20 = 5 % wrong
    allow("clean-rule", 10, "right");
    allow("clean-rule", 1, "pending");
    allow("clean-rule", 5, undefined);
    allow("unsampled-rule", 3, undefined);
    await insertIntents(org.orgId, rows);
  });

  it("marks auto-allow and tighten candidates at their thresholds", async () => {
    const m = await metrics(APRIL);
    expect(m.rules).toEqual([
      { rule_id: "almost-rule", decision: "require_approval", volume: 21, approval_rate: 19 / 21, override_rate: 0, advice: null },
      { rule_id: "safe-rule", decision: "require_approval", volume: 20, approval_rate: 0.95, override_rate: 0.05, advice: "auto_allow_candidate" },
      { rule_id: "sampled-rule", decision: "allow", volume: 20, approval_rate: null, override_rate: 0.05, advice: "tighten_candidate" },
      { rule_id: "small-rule", decision: "require_approval", volume: 19, approval_rate: 1, override_rate: 0, advice: null },
      { rule_id: "clean-rule", decision: "allow", volume: 16, approval_rate: null, override_rate: 0, advice: null },
      { rule_id: "noisy-rule", decision: "require_approval", volume: 10, approval_rate: 0.7, override_rate: 0, advice: "tighten_candidate" },
      { rule_id: "quiet-rule", decision: "require_approval", volume: 9, approval_rate: 0, override_rate: 1, advice: null },
    ]);
    expect(m).toMatchObject({ bucket: "day", intents: 118, reviews: { sampled: 31, reviewed: 30, wrong: 1 } });
    // Every approval took 60 s; the admin made all 64 approvals and 15 rejections.
    expect(m).toMatchObject({ time_to_approve_p50_s: 60, time_to_approve_p95_s: 60 });
    expect(m.reviewer_burden).toEqual([{ user_id: adm.userId, email: adm.email, resolved: 64 + 15 }]);
    expect(m.series.map((p: { intents: number }) => p.intents)).toEqual([0, 118, 0, 0, 0, 0, 0]);
  });
});
