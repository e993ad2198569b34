import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MAX_DELIVERY_ATTEMPTS } from "../../lib/notify/deliver";
import { queueDigests, queueDueReminders } from "../../lib/notify/schedule";
import { runNotifierFor } from "../../lib/notify/start-notifier";
import { sweepLeases } from "../../lib/domain/leases/sweep-leases";
import { sweepIntents } from "../../lib/domain/intents/sweep-intents";
import { type TestOrg, type TestUser, createTestOrg } from "../factories/org";
import { call } from "../helpers/api";
import { propose } from "../helpers/intents";
import { startSmtpSink } from "../helpers/smtp-sink";
import { sqlExec, sqlRows } from "../helpers/sql";

// Email notifications (issue 17 points 1 and 3) through a real SMTP server on loopback: who is
// told about an item, what they are told, and that each message and each failed delivery is in
// the item's decisions log and the audit trail. The attacks: a member who may not review it, the
// agent's owner under separate_duties, another organization, a reviewer who muted it, a viewer
// asking for the org's mailbox, and a mail link that would act by itself.

const policy = (rule = "") => `
version: 1
default: deny
rules:
  - id: refunds
    match: { action: payment.refund }
    decision: require_approval
    sla: 1h
${rule}
`;

let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
beforeAll(async () => {
  smtp = await startSmtpSink();
  process.env.SMTP_URL = smtp.url;
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  await smtp.close();
});
beforeEach(() => {
  smtp.state.refuse = false;
});

const refund = (key: string, n: number, extra: Record<string, unknown> = {}) =>
  propose(key, { action: "payment.refund", amount: n, currency: "USD", payload: { order: `ord_${n}`, amount: n }, rationale: "Customer was double charged", ...extra });
const decisions = async (admin: TestUser, id: string) =>
  (await call("GET", `/api/v1/intents/${id}/decisions`, { token: admin.token })).body.items as { kind: string; reason: string; data: Record<string, unknown> }[];
const auditTypes = async (orgId: string, subject: string) =>
  (await sqlRows<{ type: string }>(
    "SELECT type FROM audit_pending WHERE org_id = $1 AND subject_id = $2 UNION ALL SELECT type FROM audit_events WHERE org_id = $1 AND subject_id = $2",
    orgId,
    subject,
  )).map((r) => r.type);
const mailsAbout = (address: string, id: string) => smtp.received.filter((m) => m.to.includes(address) && m.text.includes(id));

describe("approval requests by email", () => {
  let org: TestOrg;
  let approvers: TestUser[];
  let viewer: TestUser;
  let agent: { id: string; key: string };
  beforeAll(async () => {
    org = await createTestOrg();
    approvers = [await org.user("approver"), await org.user("publisher")];
    viewer = await org.user("viewer");
    await org.setPolicy(policy("    separate_duties: true"));
    agent = await org.agent();
  });

  it("go to every eligible reviewer, the assignee told so, with what, why, the rule, the SLA and a link that only opens the page", async () => {
    const item = await refund(agent.key, 42);
    await runNotifierFor(org.orgId);
    for (const reviewer of approvers) {
      await smtp.mailsTo(reviewer.email);
      const [mail] = mailsAbout(reviewer.email, item.id);
      expect(mail.subject).toBe("Approval needed: payment.refund by " + (await call("GET", "/api/v1/agents", { token: org.admin.token })).body.items[0].name);
      expect(mail.text).toContain("Why: Customer was double charged");
      expect(mail.text).toContain("Rule refunds: 0 of 1 approvals from approver or above");
      expect(mail.text).toContain('"order": "ord_42"');
      expect(mail.text).toContain(`http://localhost:3000/approvals/${item.id}`);
      expect(mail.html).toContain(`href="http://localhost:3000/approvals/${item.id}"`);
    }
    const assignee = (await call("GET", "/api/v1/approvals", { token: org.admin.token })).body.items.find((i: { intent: { id: string } }) => i.intent.id === item.id).assigned_to;
    const assigned = approvers.find((a) => a.userId === assignee)!;
    expect(mailsAbout(assigned.email, item.id)[0].text).toContain("It is assigned to you.");
    // The link is a page: following it with no session resolves nothing (the dashboard asks for sign-in).
    expect((await call("GET", `/api/v1/intents/${item.id}`, { token: org.admin.token })).body.status).toBe("pending_approval");
  });

  it("skip the viewer, the agent's owner under separate_duties, and every other organization", async () => {
    const other = await createTestOrg();
    const item = await refund(agent.key, 43);
    await runNotifierFor(org.orgId);
    await smtp.mailsTo(approvers[0].email);
    expect(mailsAbout(viewer.email, item.id)).toHaveLength(0);
    // The admin owns the agent (createAgent's default) and the rule separates duties.
    expect(mailsAbout(org.admin.email, item.id)).toHaveLength(0);
    expect(mailsAbout(other.admin.email, item.id)).toHaveLength(0);
    const recipients = (await sqlRows<{ to_address: string }>("SELECT to_address FROM notifications WHERE intent_id = $1", item.id)).map((r) => r.to_address);
    expect(recipients.sort()).toEqual(approvers.map((a) => a.email).sort());
  });

  it("are in the item's decisions log and audit trail, one line per message", async () => {
    const item = await refund(agent.key, 44);
    await runNotifierFor(org.orgId);
    const lines = (await decisions(org.admin, item.id)).filter((d) => d.kind === "notification");
    expect(lines.map((l) => l.data.to_user).sort()).toEqual(approvers.map((a) => a.userId).sort());
    for (const line of lines) expect(line).toMatchObject({ data: { channel: "email", kind: "approval_request", status: "sent" } });
    expect((await auditTypes(org.orgId, item.id)).filter((t) => t === "notification.sent")).toHaveLength(2);
  });

  it("follow each member's choices: an event switched off, an agent or an action muted", async () => {
    const [a, b] = approvers;
    const off = await call("PUT", "/api/v1/me/notifications", { token: a.token, body: { email_events: ["outcome"] } });
    expect(off.status).toBe(200);
    expect(off.body.email_events).toEqual(["outcome"]);
    expect((await call("PUT", "/api/v1/me/notifications", { token: b.token, body: { muted_agents: [agent.id] } })).status).toBe(200);
    const item = await refund(agent.key, 45);
    await runNotifierFor(org.orgId);
    expect(mailsAbout(a.email, item.id)).toHaveLength(0);
    expect(mailsAbout(b.email, item.id)).toHaveLength(0);
    // Muting changes nothing about what they may resolve.
    expect((await call("POST", `/api/v1/approvals/${item.id}/approve`, { token: b.token, body: { reason: "checked anyway" } })).status).toBe(200);
    await call("PUT", "/api/v1/me/notifications", { token: a.token, body: { email_events: ["approval_request", "reminder", "escalation", "outcome", "lease"] } });
    await call("PUT", "/api/v1/me/notifications", { token: b.token, body: { muted_agents: [], muted_actions: ["payment.refund"] } });
    const next = await refund(agent.key, 46);
    await runNotifierFor(org.orgId);
    expect(mailsAbout(a.email, next.id)).toHaveLength(1);
    expect(mailsAbout(b.email, next.id)).toHaveLength(0);
    await call("PUT", "/api/v1/me/notifications", { token: b.token, body: { muted_actions: [] } });
  });

  it("refuse bad choices with 422 and write nothing", async () => {
    for (const body of [{ email_events: ["everything"] }, { email_events: ["reminder", "reminder"] }, { digest: "yes" }, { unknown: true }]) {
      const res = await call("PUT", "/api/v1/me/notifications", { token: viewer.token, body });
      expect(res.status).toBe(422);
    }
    expect((await call("GET", "/api/v1/me/notifications", { token: viewer.token })).body).toMatchObject({ digest: false, email_events: ["approval_request", "reminder", "escalation", "outcome", "lease"] });
  });
});

describe("after the request", () => {
  let org: TestOrg;
  let reviewer: TestUser;
  let owner: TestUser;
  let agent: { id: string; key: string };
  beforeAll(async () => {
    org = await createTestOrg();
    reviewer = await org.user("approver");
    owner = await org.user("approver");
    await org.setPolicy(policy("    on_timeout: escalate"));
    const made = await call("POST", "/api/v1/agents", { token: org.admin.token, body: { name: `owned-${Date.now()}`, owner_id: owner.userId } });
    agent = { id: made.body.id, key: made.body.api_key };
  });

  it("tells the agent's owner the outcome, with who decided and why", async () => {
    const item = await refund(agent.key, 50);
    await call("POST", `/api/v1/approvals/${item.id}/reject`, { token: reviewer.token, body: { reason: "Not double charged: second charge is a different order" } });
    await runNotifierFor(org.orgId);
    const [mail] = mailsAbout(owner.email, item.id).filter((m) => m.subject.startsWith("Rejected"));
    expect(mail.text).toContain(`Rejected by ${reviewer.email} (via api): Not double charged`);
    expect(mail.text).toContain(`/intents/${item.id}`);
  });

  it("reminds at half the SLA, then before breach, once each, and escalates to the next role", async () => {
    const item = await refund(agent.key, 51);
    await runNotifierFor(org.orgId);
    // Half an hour into the one-hour SLA.
    await sqlExec("UPDATE intents SET created_at = now() - interval '31 minutes', sla_deadline = now() + interval '29 minutes' WHERE id = $1", item.id);
    expect(await queueDueReminders()).toBeGreaterThanOrEqual(1);
    expect(await queueDueReminders()).toBe(0);
    await runNotifierFor(org.orgId);
    const halfway = smtp.received.filter((m) => m.text.includes(item.id) && m.subject.startsWith("Reminder, halfway"));
    expect(halfway.length).toBeGreaterThanOrEqual(1);
    await sqlExec("UPDATE intents SET created_at = now() - interval '55 minutes', sla_deadline = now() + interval '5 minutes' WHERE id = $1", item.id);
    await queueDueReminders();
    await runNotifierFor(org.orgId);
    expect(smtp.received.filter((m) => m.text.includes(item.id) && m.subject.startsWith("SLA about to breach")).length).toBeGreaterThanOrEqual(1);
    expect(await queueDueReminders()).toBe(0);
    // Past the SLA: escalated to publisher; the admin (publisher+, not the owner) is now told.
    await sqlExec("UPDATE intents SET sla_deadline = now() - interval '1 second' WHERE id = $1", item.id);
    await sweepIntents();
    await runNotifierFor(org.orgId);
    const escalated = await smtp.mailsTo(org.admin.email);
    expect(escalated.find((m) => m.subject.startsWith("Escalated to publisher") && m.text.includes(item.id))).toBeDefined();
    expect(mailsAbout(reviewer.email, item.id).filter((m) => m.subject.startsWith("Escalated"))).toHaveLength(0);
  });

  it("retries a refused delivery with backoff, logging each failure, and gives up after the last attempt", async () => {
    smtp.state.refuse = true;
    const item = await refund(agent.key, 52);
    await runNotifierFor(org.orgId);
    const failures = (await decisions(org.admin, item.id)).filter((d) => d.kind === "notification" && d.data.status !== "sent");
    expect(failures.length).toBeGreaterThanOrEqual(1);
    expect(failures[0].reason).toMatch(/failed \(attempt 1, will retry\)/);
    const [row] = await sqlRows<{ id: string; status: string; wait_s: number }>(
      "SELECT id, status, extract(epoch FROM next_attempt_at - now())::float8 AS wait_s FROM notifications WHERE intent_id = $1 AND channel = 'email' LIMIT 1",
      item.id,
    );
    expect(row.status).toBe("queued");
    expect(row.wait_s).toBeGreaterThan(20);
    await sqlExec(`UPDATE notifications SET attempts = ${MAX_DELIVERY_ATTEMPTS - 1}, next_attempt_at = now() WHERE id = $1`, row.id);
    await runNotifierFor(org.orgId);
    expect((await sqlRows<{ status: string }>("SELECT status FROM notifications WHERE id = $1", row.id))[0].status).toBe("failed");
    expect((await auditTypes(org.orgId, item.id))).toContain("notification.failed");
    smtp.state.refuse = false;
  });

  it("tells a lease's owner it is about to end, and that it ended", async () => {
    const lease = await call("POST", "/api/v1/leases", { token: agent.key, body: { capabilities: ["payment.refund"], ttl: "10m", purpose: "refund run" } });
    expect(lease.status).toBe(201);
    await sqlExec("UPDATE leases SET status = 'active', expires_at = now() + interval '30 seconds', ttl_seconds = 600 WHERE id = $1", lease.body.id);
    await sweepLeases();
    await sqlExec("UPDATE leases SET expires_at = now() - interval '1 second' WHERE id = $1", lease.body.id);
    await sweepLeases();
    await runNotifierFor(org.orgId);
    const subjects = smtp.received.filter((m) => m.to.includes(owner.email) && m.text.includes(lease.body.id)).map((m) => m.subject);
    expect(subjects.some((s) => s.includes("ends at"))).toBe(true);
    expect(subjects.some((s) => s.endsWith("expired"))).toBe(true);
  });

  it("sends the daily digest once a day to those who chose it", async () => {
    await refund(agent.key, 53);
    expect((await call("PUT", "/api/v1/me/notifications", { token: reviewer.token, body: { digest: true } })).status).toBe(200);
    const at = new Date();
    at.setUTCHours(9, 0, 0, 0);
    expect(await queueDigests(at)).toBeGreaterThanOrEqual(1);
    expect(await queueDigests(at)).toBe(0);
    await runNotifierFor(org.orgId);
    const digest = smtp.received.find((m) => m.to.includes(reviewer.email) && m.subject.startsWith("Tollgate digest"));
    expect(digest?.text).toMatch(/wait.* for a reviewer like you/);
  });
});

describe("the org's mailbox", () => {
  it("is for its admins only: a viewer is 403, another org's admin sees none of it, an unknown id is 404", async () => {
    const org = await createTestOrg();
    const reviewer = await org.user("approver");
    await org.setPolicy(policy());
    const agent = await org.agent();
    const item = await refund(agent.key, 60);
    await runNotifierFor(org.orgId);
    const list = await call("GET", `/api/v1/notifications?intent_id=${item.id}`, { token: org.admin.token });
    expect(list.status).toBe(200);
    const mine = list.body.items.find((n: { to: string }) => n.to === reviewer.email);
    expect(mine).toMatchObject({ channel: "email", kind: "approval_request", status: "sent", intent_id: item.id });
    const one = await call("GET", `/api/v1/notifications/${mine.id}`, { token: org.admin.token });
    expect(one.body.text).toContain(item.id);
    expect((await call("GET", "/api/v1/notifications", { token: reviewer.token })).status).toBe(403);
    const other = await createTestOrg();
    expect((await call("GET", `/api/v1/notifications/${mine.id}`, { token: other.admin.token })).status).toBe(404);
    expect((await call("GET", "/api/v1/notifications", { token: other.admin.token })).body.items).toEqual([]);
  });

  it("holds emails without SMTP_URL, readable there and named in the server log", async () => {
    const saved = process.env.SMTP_URL;
    delete process.env.SMTP_URL;
    try {
      const org = await createTestOrg();
      const reviewer = await org.user("approver");
      await org.setPolicy(policy());
      const item = await refund((await org.agent()).key, 61);
      await runNotifierFor(org.orgId);
      const held = (await call("GET", `/api/v1/notifications?intent_id=${item.id}`, { token: org.admin.token })).body.items;
      expect(held.find((n: { to: string }) => n.to === reviewer.email)).toMatchObject({ status: "held" });
      expect(smtp.received.filter((m) => m.text.includes(item.id))).toHaveLength(0);
    } finally {
      process.env.SMTP_URL = saved;
    }
  });
});
