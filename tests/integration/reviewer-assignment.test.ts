import { beforeAll, describe, expect, it } from "vitest";
import { sweepAssignments } from "../../lib/domain/approvals/assign-reviewers";
import { type TestOrg, type TestUser, createTestOrg } from "../factories/org";
import { call } from "../helpers/api";
import { propose } from "../helpers/intents";
import { sqlExec, sqlRows } from "../helpers/sql";

// Reviewer groups, availability and assignment (issue 17 point 3, API.md "Reviewer groups" and
// the rule keys reviewers and assigned_only). Assignment directs work; it never grants authority:
// each test that an honest reviewer passes has its twin that an assignee's colleague, a demoted or
// away member, or another organization's admin tries and fails.

const policy = (extra: string) => `
version: 1
default: deny
rules:
  - id: refunds
    match: { action: payment.refund }
    decision: require_approval
${extra}
`;

const queue = async (user: { token: string }, query = "") =>
  (await call("GET", `/api/v1/approvals${query}`, { token: user.token })).body.items as { intent: { id: string }; assigned_to: string | null; assigned_only: boolean }[];
const assigneeOf = async (admin: { token: string }, intentId: string) => (await queue(admin)).find((i) => i.intent.id === intentId)?.assigned_to;
const approve = (user: { token: string }, id: string) => call("POST", `/api/v1/approvals/${id}/approve`, { token: user.token, body: { reason: "checked" } });
const refund = (key: string, n: number) => propose(key, { action: "payment.refund", amount: n, currency: "USD", payload: { n } });

async function groupOf(org: TestOrg, name: string, members: TestUser[]) {
  const res = await call("POST", "/api/v1/groups", { token: org.admin.token, body: { name, member_ids: members.map((m) => m.userId) } });
  expect(res.status).toBe(201);
  return res.body;
}

/**
 * An org with `size` approvers in a group named "team", a policy whose refunds rule names that
 * group (plus `rule`, more YAML lines of the rule), and an agent (owned by the admin, outside the group).
 */
async function teamOrg(size: number, rule = "") {
  const org = await createTestOrg();
  const team: TestUser[] = [];
  for (let n = 0; n < size; n++) team.push(await org.user("approver"));
  await groupOf(org, "team", team);
  await org.setPolicy(policy(`    reviewers: [team]${rule ? `\n${rule}` : ""}`));
  return { org, team, agent: await org.agent() };
}

describe("reviewer groups", () => {
  let org: TestOrg;
  let a: TestUser;
  let b: TestUser;
  beforeAll(async () => {
    org = await createTestOrg();
    [a, b] = [await org.user("approver"), await org.user("approver")];
  });

  it("are created, listed, renamed, given new members and deleted by an admin, each audited", async () => {
    const created = await groupOf(org, "billing", [a]);
    expect(created).toMatchObject({ name: "billing", member_ids: [a.userId] });
    const patched = await call("PATCH", "/api/v1/groups/billing", { token: org.admin.token, body: { name: "billing-ops", member_ids: [a.userId, b.userId] } });
    expect(patched.status).toBe(200);
    expect(patched.body.member_ids.sort()).toEqual([a.userId, b.userId].sort());
    const listed = (await call("GET", "/api/v1/groups", { token: org.admin.token })).body.items.map((g: { name: string }) => g.name);
    expect(listed).toContain("billing-ops");
    expect(listed).not.toContain("billing");
    expect((await call("DELETE", "/api/v1/groups/billing-ops", { token: org.admin.token })).body).toEqual({ name: "billing-ops", deleted: true });
    expect((await call("GET", "/api/v1/groups", { token: org.admin.token })).body.items.map((g: { name: string }) => g.name)).not.toContain("billing-ops");
    const types = (await sqlRows<{ type: string }>("SELECT type FROM audit_pending WHERE org_id = $1 AND type LIKE 'group.%' UNION ALL SELECT type FROM audit_events WHERE org_id = $1 AND type LIKE 'group.%'", org.orgId)).map((r) => r.type);
    expect(types.sort()).toEqual(["group.created", "group.deleted", "group.updated"]);
  });

  it("hold only members of this organization: another org's member, an unknown id, a duplicate are 422 and nothing is written", async () => {
    const other = await createTestOrg();
    const outsider = await other.user("approver");
    for (const member_ids of [[a.userId, outsider.userId], ["usr_does_not_exist"], [a.userId, a.userId]]) {
      const res = await call("POST", "/api/v1/groups", { token: org.admin.token, body: { name: "mixed", member_ids } });
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe("validation_failed");
    }
    expect(await sqlRows("SELECT 1 FROM reviewer_groups WHERE org_id = $1 AND name = 'mixed'", org.orgId)).toHaveLength(0);
    await groupOf(org, "legal", [a]);
    const res = await call("PATCH", "/api/v1/groups/legal", { token: org.admin.token, body: { member_ids: [outsider.userId] } });
    expect(res.status).toBe(422);
    expect((await call("GET", "/api/v1/groups", { token: org.admin.token })).body.items.find((g: { name: string }) => g.name === "legal").member_ids).toEqual([a.userId]);
  });

  it("are admin-only, and another organization's admin sees none of them (404, not 403)", async () => {
    await groupOf(org, "secret-team", [a]);
    expect((await call("GET", "/api/v1/groups", { token: a.token })).status).toBe(403);
    expect((await call("POST", "/api/v1/groups", { token: a.token, body: { name: "mine", member_ids: [a.userId] } })).status).toBe(403);
    const other = await createTestOrg();
    expect((await call("GET", "/api/v1/groups", { token: other.admin.token })).body.items).toEqual([]);
    expect((await call("PATCH", "/api/v1/groups/secret-team", { token: other.admin.token, body: { member_ids: [] } })).status).toBe(404);
    expect((await call("DELETE", "/api/v1/groups/secret-team", { token: other.admin.token })).status).toBe(404);
    // Their policy cannot name it either: groups are per organization.
    const put = await call("PUT", "/api/v1/policy", { token: other.admin.token, body: { version: 1, rules: [{ id: "r", decision: "require_approval", reviewers: ["secret-team"] }] } });
    expect(put.status).toBe(422);
    expect(put.body.error).toMatchObject({ code: "invalid_policy", details: { rule: "r", field: "rules[0].reviewers[0]" } });
  });

  it("named by the active policy cannot be deleted or renamed (409); a duplicate name is 409", async () => {
    await groupOf(org, "named", [a]);
    expect((await call("POST", "/api/v1/groups", { token: org.admin.token, body: { name: "named", member_ids: [] } })).status).toBe(409);
    await org.setPolicy(policy("    reviewers: [named]"));
    expect((await call("DELETE", "/api/v1/groups/named", { token: org.admin.token })).status).toBe(409);
    expect((await call("PATCH", "/api/v1/groups/named", { token: org.admin.token, body: { name: "renamed" } })).status).toBe(409);
    // Its members may still change.
    expect((await call("PATCH", "/api/v1/groups/named", { token: org.admin.token, body: { member_ids: [a.userId, b.userId] } })).status).toBe(200);
    await org.setPolicy(policy(""));
    expect((await call("DELETE", "/api/v1/groups/named", { token: org.admin.token })).status).toBe(200);
  });

  it("leave no trace of a member who leaves the organization", async () => {
    const leaver = await org.user("approver");
    await groupOf(org, "short-lived", [a, leaver]);
    expect((await call("DELETE", `/api/v1/members/${leaver.userId}`, { token: org.admin.token })).status).toBe(200);
    expect((await call("GET", "/api/v1/groups", { token: org.admin.token })).body.items.find((g: { name: string }) => g.name === "short-lived").member_ids).toEqual([a.userId]);
  });
});

describe("assignment", () => {
  it("rotates among the rule's group, one item each in turn, and logs every assignment", async () => {
    const org = await createTestOrg();
    const team = [await org.user("approver"), await org.user("approver"), await org.user("approver")];
    await groupOf(org, "finance", team);
    await org.setPolicy(policy("    reviewers: [finance]"));
    const agent = await org.agent();
    const ids: string[] = [];
    const assigned: (string | null | undefined)[] = [];
    for (let n = 0; n < 6; n++) {
      ids.push((await refund(agent.key, n)).id);
      assigned.push(await assigneeOf(org.admin, ids[n]!));
    }
    // The admin and anyone outside the group are never assigned; never-assigned members go first, in id order.
    const order = team.map((m) => m.userId).sort();
    expect(assigned).toEqual([...order, ...order]);

    const log = (await call("GET", `/api/v1/intents/${ids[0]}/decisions`, { token: org.admin.token })).body.items;
    expect(log.find((d: { kind: string }) => d.kind === "assignment")).toMatchObject({ actor: { type: "system" } });
    expect((await sqlRows<{ n: number }>("SELECT count(*)::int AS n FROM audit_pending WHERE org_id = $1 AND type = 'intent.assigned'", org.orgId))[0].n
      + (await sqlRows<{ n: number }>("SELECT count(*)::int AS n FROM audit_events WHERE org_id = $1 AND type = 'intent.assigned'", org.orgId))[0].n).toBe(6);
  });

  it("without reviewers, rotates among every member of the approver role, never a viewer", async () => {
    const org = await createTestOrg();
    const approver = await org.user("approver");
    const viewer = await org.user("viewer");
    await org.setPolicy(policy("    approver_role: approver"));
    const agent = await org.agent();
    const assigned = new Set<string | null | undefined>();
    for (let n = 0; n < 4; n++) assigned.add(await assigneeOf(org.admin, (await refund(agent.key, n)).id));
    expect([...assigned].sort()).toEqual([approver.userId, org.admin.userId].sort());
    expect(assigned.has(viewer.userId)).toBe(false);
  });

  it("skips the agent's owner under separate_duties", async () => {
    const org = await createTestOrg();
    await org.user("approver");
    await org.setPolicy(policy("    separate_duties: true"));
    const agent = await org.agent(); // owned by the admin
    for (let n = 0; n < 3; n++) expect(await assigneeOf(org.admin, (await refund(agent.key, n)).id)).not.toBe(org.admin.userId);
  });

  it("skips whoever is away, moves their items on at the sweep, and takes them back when they return", async () => {
    const { org, team: [a, b], agent } = await teamOrg(2);
    const first = (await refund(agent.key, 1)).id;
    const holder = (await assigneeOf(org.admin, first))!;
    const [away, present] = holder === a.userId ? [a, b] : [b, a];

    const res = await call("PUT", "/api/v1/me/availability", { token: away.token, body: { away_until: new Date(Date.now() + 3_600_000).toISOString() } });
    expect(res.status).toBe(200);
    expect(res.body.user_id).toBe(away.userId);
    for (let n = 0; n < 3; n++) expect(await assigneeOf(org.admin, (await refund(agent.key, 10 + n)).id)).toBe(present.userId);
    await sweepAssignments();
    expect(await assigneeOf(org.admin, first)).toBe(present.userId);
    const log = (await call("GET", `/api/v1/intents/${first}/decisions`, { token: org.admin.token })).body.items.filter((d: { kind: string }) => d.kind === "assignment");
    expect(log.map((d: { data?: { assigned_to: string } }) => d)).toHaveLength(2);

    // Being away changes nothing about what they may resolve.
    expect((await approve(away, first)).status).toBe(200);

    expect((await call("PUT", "/api/v1/me/availability", { token: away.token, body: { away_until: null } })).status).toBe(200);
    const next = new Set<string | null | undefined>();
    for (let n = 0; n < 2; n++) next.add(await assigneeOf(org.admin, (await refund(agent.key, 20 + n)).id));
    expect(next.has(away.userId)).toBe(true);
  });

  it("moves an item on from an assignee who was demoted, removed, or left the group", async () => {
    const org = await createTestOrg();
    const team = [await org.user("approver"), await org.user("approver"), await org.user("approver"), await org.user("approver")];
    await groupOf(org, "four", team);
    await org.setPolicy(policy("    reviewers: [four]"));
    const agent = await org.agent();
    const ids = [];
    for (let n = 0; n < 4; n++) ids.push((await refund(agent.key, n)).id);
    // Four readers at once, each assigning first: every item is assigned once, to four different people.
    const holders = await Promise.all(ids.map((id) => assigneeOf(org.admin, id)));
    expect(new Set(holders).size).toBe(4);
    for (const id of ids) {
      const lines = (await call("GET", `/api/v1/intents/${id}/decisions`, { token: org.admin.token })).body.items.filter((d: { kind: string }) => d.kind === "assignment");
      expect(lines).toHaveLength(1);
    }
    const byId = (userId: string) => team.find((m) => m.userId === userId)!;
    const [demoted, removed, leaver] = holders.slice(0, 3).map((h) => byId(h!));
    await call("PATCH", `/api/v1/members/${demoted.userId}`, { token: org.admin.token, body: { role: "viewer" } });
    await call("DELETE", `/api/v1/members/${removed.userId}`, { token: org.admin.token });
    await call("PATCH", "/api/v1/groups/four", { token: org.admin.token, body: { member_ids: team.filter((m) => m !== leaver && m !== removed).map((m) => m.userId) } });
    await sweepAssignments();
    const keeper = holders[3];
    for (const id of ids.slice(0, 3)) expect(await assigneeOf(org.admin, id)).toBe(keeper);
  });

  it("reassigns an item left unanswered past REASSIGN_AFTER_SECONDS (or half its SLA) to the next reviewer", async () => {
    const { org, team: [a, b], agent } = await teamOrg(2, "    sla: 4h");
    const id = (await refund(agent.key, 1)).id;
    const before = await assigneeOf(org.admin, id);
    // The 30-minute default comes before half the 4 h SLA: 20 minutes unanswered is not yet past it, 31 are.
    await sqlExec("UPDATE intents SET assigned_at = assigned_at - interval '20 minutes' WHERE org_id = $1 AND id = $2", org.orgId, id);
    await sweepAssignments();
    expect(await assigneeOf(org.admin, id)).toBe(before);
    await sqlExec("UPDATE intents SET assigned_at = assigned_at - interval '11 minutes' WHERE org_id = $1 AND id = $2", org.orgId, id);
    await sweepAssignments();
    const after = await assigneeOf(org.admin, id);
    expect(after).not.toBe(before);
    expect([a.userId, b.userId]).toContain(after);
    const why = (await call("GET", `/api/v1/intents/${id}/decisions`, { token: org.admin.token })).body.items.filter((d: { kind: string }) => d.kind === "assignment").map((d: { reason: string }) => d.reason);
    expect(why[1]).toMatch(/reassigned/);
  });

  it("filters the queue with ?assigned=me, and refuses any other value (422)", async () => {
    const { org, team: [a, b], agent } = await teamOrg(2);
    const ids = [];
    for (let n = 0; n < 4; n++) ids.push((await refund(agent.key, n)).id);
    const mineA = (await queue(a, "?assigned=me")).map((i) => i.intent.id);
    const mineB = (await queue(b, "?assigned=me")).map((i) => i.intent.id);
    expect(mineA).toHaveLength(2);
    expect(mineB).toHaveLength(2);
    expect([...mineA, ...mineB].sort()).toEqual([...ids].sort());
    expect(await queue(org.admin, "?assigned=me")).toEqual([]);
    const bad = await call("GET", "/api/v1/approvals?assigned=everyone", { token: a.token });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe("validation_failed");
  });
});

describe("assigned_only", () => {
  it("lets only the assignee resolve: a colleague of the same role gets 403 not_assigned and nothing is recorded", async () => {
    const { org, team: [a, b], agent } = await teamOrg(2, "    assigned_only: true");
    const id = (await refund(agent.key, 1)).id;
    const holder = await assigneeOf(org.admin, id);
    const [assignee, colleague] = holder === a.userId ? [a, b] : [b, a];
    for (const intruder of [colleague, org.admin]) {
      const res = await approve(intruder, id);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe("not_assigned");
      const rejected = await call("POST", `/api/v1/approvals/${id}/reject`, { token: intruder.token, body: { reason: "no" } });
      expect(rejected.body.error.code).toBe("not_assigned");
    }
    const batch = await call("POST", "/api/v1/approvals/batch", { token: colleague.token, body: { intent_ids: [id], decision: "approve", reason: "batch" } });
    expect(JSON.stringify(batch.body)).toContain("not_assigned");
    expect(await sqlRows("SELECT 1 FROM approvals WHERE org_id = $1 AND intent_id = $2", org.orgId, id)).toHaveLength(0);
    expect((await queue(org.admin)).find((i) => i.intent.id === id)?.assigned_only).toBe(true);
    const ok = await approve(assignee, id);
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe("approved");
  });

  it("under the two-person rule, hands the item to a second reviewer once the first approves", async () => {
    const { org, team: [a, b], agent } = await teamOrg(2, "    assigned_only: true\n    approvals: 2");
    const id = (await refund(agent.key, 1)).id;
    const firstHolder = await assigneeOf(org.admin, id);
    const [first, second] = firstHolder === a.userId ? [a, b] : [b, a];
    expect((await approve(second, id)).body.error.code).toBe("not_assigned");
    expect((await approve(first, id)).body.status).toBe("pending_approval");
    expect(await assigneeOf(org.admin, id)).toBe(second.userId);
    // The first can no longer act on it: they are not the assignee (and have approved already).
    expect((await approve(first, id)).status).toBe(403);
    const done = await approve(second, id);
    expect(done.body.status).toBe("approved");
  });

  it("fails closed when nobody can be assigned: nobody resolves it until someone is back", async () => {
    const { org, team: [a], agent } = await teamOrg(1, "    assigned_only: true");
    await call("PUT", "/api/v1/me/availability", { token: a.token, body: { away_until: new Date(Date.now() + 3_600_000).toISOString() } });
    const id = (await refund(agent.key, 1)).id;
    expect(await assigneeOf(org.admin, id)).toBeNull();
    for (const who of [a, org.admin]) expect((await approve(who, id)).body.error.code).toBe("not_assigned");
    await call("PUT", "/api/v1/me/availability", { token: a.token, body: { away_until: null } });
    // Retried a minute after the last try.
    await sqlExec("UPDATE intents SET assigned_at = assigned_at - interval '61 seconds' WHERE org_id = $1 AND id = $2", org.orgId, id);
    await sweepAssignments();
    expect(await assigneeOf(org.admin, id)).toBe(a.userId);
    expect((await approve(a, id)).body.status).toBe("approved");
  });

  it("does not let a demoted assignee resolve (403 forbidden), and moves the item on", async () => {
    const { org, team: [a, b], agent } = await teamOrg(2, "    assigned_only: true");
    const id = (await refund(agent.key, 1)).id;
    const holder = await assigneeOf(org.admin, id);
    const [assignee, other] = holder === a.userId ? [a, b] : [b, a];
    await call("PATCH", `/api/v1/members/${assignee.userId}`, { token: org.admin.token, body: { role: "viewer" } });
    expect((await approve(assignee, id)).body.error.code).toBe("forbidden");
    await sweepAssignments();
    expect(await assigneeOf(org.admin, id)).toBe(other.userId);
  });
});
