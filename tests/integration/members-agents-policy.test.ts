import { describe, expect, it } from "vitest";
import { createTestOrg, TEST_PASSWORD } from "../factories/org";
import { call } from "../helpers/api";
import { propose } from "../helpers/intents";
import { auditTypesFor } from "../helpers/sql";

// Tokens, members, agents and the policy document, through the REST routes.

const POLICY = `
version: 1
default: require_approval
rules:
  - id: refunds
    match: { action: payment.refund }
    when: { all: [ { field: amount, op: lt, value: 100 } ] }
    decision: allow
  - id: no-deletes
    match: { action: "crm.delete*" }
    decision: deny
`;
// The same document as JSON: same snapshot.
const POLICY_JSON = {
  version: 1,
  default: "require_approval",
  rules: [
    { id: "refunds", match: { action: "payment.refund" }, when: { all: [{ field: "amount", op: "lt", value: 100 }] }, decision: "allow" },
    { id: "no-deletes", match: { action: "crm.delete*" }, decision: "deny" },
  ],
};
const STRICT = `
version: 1
default: require_approval
rules:
  - id: no-refunds
    match: { action: payment.refund }
    decision: deny
`;

const putPolicy = (token: string, body: string, type: string) =>
  call("PUT", "/api/v1/policy", { token, rawBody: body, headers: { "content-type": type } });

describe("POST /auth/token and GET /me", () => {
  it("issues a token for the right credentials and refuses wrong ones identically", async () => {
    const org = await createTestOrg();
    const other = await createTestOrg();
    const ok = await call("POST", "/api/v1/auth/token", { body: { email: org.admin.email.toUpperCase(), password: TEST_PASSWORD } });
    expect(ok.status).toBe(201);
    expect(ok.body).toEqual({ token: expect.stringMatching(/^tg_user_/), user_id: org.admin.userId, org_id: org.orgId, role: "admin", expires_at: expect.any(String) });
    expect(Date.parse(ok.body.expires_at)).toBeGreaterThan(Date.now());

    const wrongPassword = await call("POST", "/api/v1/auth/token", { body: { email: org.admin.email, password: "not the password" } });
    const unknownEmail = await call("POST", "/api/v1/auth/token", { body: { email: "nobody@example.test", password: TEST_PASSWORD } });
    const foreignOrg = await call("POST", "/api/v1/auth/token", { body: { email: org.admin.email, password: TEST_PASSWORD, org_id: other.orgId } });
    for (const res of [wrongPassword, unknownEmail, foreignOrg]) {
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("invalid_credentials");
    }
    expect(unknownEmail.body).toEqual(wrongPassword.body);
    expect(foreignOrg.body).toEqual(wrongPassword.body);
  });

  it("GET /me tells a member token from an agent key", async () => {
    const org = await createTestOrg();
    const agent = await org.agent();
    const viewer = await org.user("viewer");
    expect((await call("GET", "/api/v1/me", { token: viewer.token })).body).toMatchObject({ kind: "user", id: viewer.userId, org_id: org.orgId, role: "viewer" });
    const me = await call("GET", "/api/v1/me", { token: agent.key });
    expect(me.body).toMatchObject({ kind: "agent", id: agent.id, org_id: org.orgId });
    const anon = await call("GET", "/api/v1/me");
    expect(anon.status).toBe(401);
    expect(anon.body.error.code).toBe("unauthorized");
  });
});

describe("members", () => {
  it("viewers list, admins add and change roles; role changes apply at once", async () => {
    const org = await createTestOrg();
    const viewer = await org.user("viewer");
    const list = await call("GET", "/api/v1/members", { token: viewer.token });
    expect(list.status).toBe(200);
    expect(list.body.items.map((m: { user_id: string }) => m.user_id).sort()).toEqual([org.admin.userId, viewer.userId].sort());
    const denied = await call("POST", "/api/v1/members", { token: viewer.token, body: { email: "x@example.test", role: "viewer" } });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe("forbidden");

    const email = `Sam-${Date.now()}@Example.test`;
    const invited = await call("POST", "/api/v1/members", { token: org.admin.token, body: { email, role: "approver" } });
    expect(invited.status).toBe(201);
    expect(invited.body).toEqual({
      invitation_id: expect.any(String),
      email: email.toLowerCase(),
      role: "approver",
      invited_by: org.admin.userId,
      accept_url: expect.stringMatching(/^http:\/\/localhost:3000\/invite#tg_inv_/),
      // No SMTP_URL in this suite: the admin hands the link over.
      emailed: false,
      created_at: expect.any(String),
      expires_at: expect.any(String),
    });
    const token = invited.body.accept_url.split("#")[1];
    const added = await call("POST", "/api/v1/invitations/accept", { body: { token, password: TEST_PASSWORD } });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({ user_id: expect.any(String), org_id: org.orgId, role: "approver", email: email.toLowerCase() });
    const dup = await call("POST", "/api/v1/members", { token: org.admin.token, body: { email, role: "viewer" } });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe("conflict");

    const login = await call("POST", "/api/v1/auth/token", { body: { email, password: TEST_PASSWORD } });
    const patched = await call("PATCH", `/api/v1/members/${added.body.user_id}`, { token: org.admin.token, body: { role: "viewer" } });
    expect(patched.body).toMatchObject({ user_id: added.body.user_id, role: "viewer" });
    expect((await call("GET", "/api/v1/me", { token: login.body.token })).body.role).toBe("viewer");
    expect((await call("PATCH", "/api/v1/members/usr_nope", { token: org.admin.token, body: { role: "viewer" } })).status).toBe(404);
  });

  it("the last admin cannot be demoted or removed; a removed member's token dies at once", async () => {
    const org = await createTestOrg();
    for (const res of [
      await call("PATCH", `/api/v1/members/${org.admin.userId}`, { token: org.admin.token, body: { role: "publisher" } }),
      await call("DELETE", `/api/v1/members/${org.admin.userId}`, { token: org.admin.token }),
    ]) {
      expect(res.status).toBe(409);
    }
    expect((await call("GET", "/api/v1/me", { token: org.admin.token })).body.role).toBe("admin");

    const second = await org.user("admin");
    expect((await call("GET", "/api/v1/me", { token: second.token })).status).toBe(200);
    const removed = await call("DELETE", `/api/v1/members/${second.userId}`, { token: org.admin.token });
    expect(removed.status).toBe(200);
    const dead = await call("GET", "/api/v1/me", { token: second.token });
    expect(dead.status).toBe(401);
    expect(dead.body.error.code).toBe("unauthorized");
  });

  it("concurrent invitations of one email all answer 201 and leave one pending link, never a 500", async () => {
    const org = await createTestOrg();
    const elsewhere = await (await createTestOrg()).user("viewer");
    for (const email of [`race-${Date.now()}@example.test`, elsewhere.email]) {
      const results = await Promise.all([1, 2, 3, 4].map(() => call("POST", "/api/v1/members", { token: org.admin.token, body: { email, role: "viewer" } })));
      expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201]);
      const pending = await call("GET", "/api/v1/invitations", { token: org.admin.token });
      expect(pending.body.items.filter((i: { email: string }) => i.email === email)).toHaveLength(1);
    }
    const list = await call("GET", "/api/v1/members", { token: org.admin.token });
    expect(list.body.items).toHaveLength(1);
  });
});

describe("agents", () => {
  it("creates with a key shown once, refuses a duplicate name, rotates and deletes with immediate effect", async () => {
    const org = await createTestOrg();
    const created = await call("POST", "/api/v1/agents", { token: org.admin.token, body: { name: "billing-bot", description: "refunds" } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.any(String), name: "billing-bot", api_key: expect.stringMatching(/^tg_agent_/) });
    const listed = await call("GET", "/api/v1/agents", { token: org.admin.token });
    expect(listed.body.items).toHaveLength(1);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.api_key);
    const dup = await call("POST", "/api/v1/agents", { token: org.admin.token, body: { name: "billing-bot" } });
    expect(dup.status).toBe(409);

    const oldKey = created.body.api_key;
    const rotated = await call("POST", `/api/v1/agents/${created.body.id}/rotate`, { token: org.admin.token });
    expect(rotated.status).toBe(200);
    expect(rotated.body.api_key).toMatch(/^tg_agent_/);
    expect((await call("GET", "/api/v1/me", { token: oldKey })).status).toBe(401);
    expect((await call("GET", "/api/v1/me", { token: rotated.body.api_key })).body).toMatchObject({ kind: "agent", id: created.body.id });

    expect((await call("DELETE", `/api/v1/agents/${created.body.id}`, { token: org.admin.token })).status).toBe(200);
    expect((await call("GET", "/api/v1/me", { token: rotated.body.api_key })).status).toBe(401);
    expect((await call("GET", "/api/v1/agents", { token: org.admin.token })).body.items).toEqual([]);
    expect((await call("DELETE", `/api/v1/agents/${created.body.id}`, { token: org.admin.token })).status).toBe(404);
  });

  it("records the accountable owner: the caller by default, or another member of the org; anyone else is the same 422", async () => {
    const org = await createTestOrg();
    const other = await createTestOrg();
    const approver = await org.user("approver");
    const mine = await call("POST", "/api/v1/agents", { token: org.admin.token, body: { name: "mine-bot" } });
    expect(mine.status).toBe(201);
    expect(mine.body).toMatchObject({ name: "mine-bot", owner_id: org.admin.userId });
    const theirs = await call("POST", "/api/v1/agents", { token: org.admin.token, body: { name: "their-bot", owner_id: approver.userId } });
    expect(theirs.status).toBe(201);
    expect(theirs.body.owner_id).toBe(approver.userId);
    const listed = await call("GET", "/api/v1/agents", { token: approver.token });
    expect(Object.fromEntries(listed.body.items.map((a: { name: string; owner_id: string }) => [a.name, a.owner_id]))).toEqual({ "mine-bot": org.admin.userId, "their-bot": approver.userId });

    const refusals = [];
    for (const owner_id of [other.admin.userId, "usr_00000000000000000000"]) {
      const res = await call("POST", "/api/v1/agents", { token: org.admin.token, body: { name: "stray-bot", owner_id } });
      expect(res.status).toBe(422);
      expect(res.body.error.details.issues).toEqual([{ path: ["owner_id"], message: expect.any(String) }]);
      refusals.push(res.body);
    }
    expect(refusals[0]).toEqual(refusals[1]);
    expect((await call("GET", "/api/v1/agents", { token: org.admin.token })).body.items).toHaveLength(2);
  });

  it("racing deletes delete once; a rotate racing a delete never hands out a key for a deleted agent", async () => {
    const org = await createTestOrg();
    const agent = await org.agent();
    const deletes = await Promise.all([1, 2, 3].map(() => call("DELETE", `/api/v1/agents/${agent.id}`, { token: org.admin.token })));
    expect(deletes.map((r) => r.status).sort()).toEqual([200, 404, 404]);
    expect(await auditTypesFor(org.orgId, agent.id)).toEqual(["agent.created", "agent.deleted"]);

    const other = await org.agent();
    const [rotated, deleted] = await Promise.all([
      call("POST", `/api/v1/agents/${other.id}/rotate`, { token: org.admin.token }),
      call("DELETE", `/api/v1/agents/${other.id}`, { token: org.admin.token }),
    ]);
    expect(deleted.status).toBe(200);
    const history = await auditTypesFor(org.orgId, other.id);
    expect(history.at(-1)).toBe("agent.deleted");
    expect(history.filter((t) => t === "agent.deleted")).toHaveLength(1);
    expect([200, 404]).toContain(rotated.status);
    expect(history.includes("agent.key_rotated")).toBe(rotated.status === 200);
    if (rotated.status === 200) expect((await call("GET", "/api/v1/me", { token: rotated.body.api_key })).status).toBe(401);
  });
});

describe("policy", () => {
  it("saves YAML and JSON, keeps the version for the same document, and lists versions", async () => {
    const org = await createTestOrg();
    const first = await putPolicy(org.admin.token, POLICY, "application/yaml");
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ snapshot: expect.stringMatching(/^sha256:[0-9a-f]{64}$/), version: 1, rules: 2 });
    const again = await putPolicy(org.admin.token, POLICY, "application/yaml");
    expect(again.body).toEqual(first.body);
    const asJson = await putPolicy(org.admin.token, JSON.stringify(POLICY_JSON), "application/json");
    expect(asJson.body).toEqual(first.body);
    const strict = await putPolicy(org.admin.token, STRICT, "application/yaml; charset=utf-8");
    expect(strict.body).toMatchObject({ version: 2, rules: 1 });

    const current = await call("GET", "/api/v1/policy", { token: org.admin.token });
    expect(current.body).toMatchObject({ version: 2, snapshot: strict.body.snapshot, document: { default: "require_approval", rules: [{ id: "no-refunds" }] } });
    const versions = await call("GET", "/api/v1/policy/versions", { token: org.admin.token });
    expect(versions.body.items.map((v: { version: number; snapshot: string }) => [v.version, v.snapshot])).toEqual([
      [2, strict.body.snapshot],
      [1, first.body.snapshot],
    ]);
    const approver = await org.user("approver");
    expect((await putPolicy(approver.token, POLICY, "application/yaml")).status).toBe(403);
  });

  it("refuses an invalid document with 422 invalid_policy naming the rule and the field", async () => {
    const org = await createTestOrg();
    const typo = await putPolicy(org.admin.token, `${POLICY}    approval: 2\n`, "application/yaml");
    expect(typo.status).toBe(422);
    expect(typo.body.error.code).toBe("invalid_policy");
    expect(typo.body.error.details).toMatchObject({ rule: "no-deletes", field: "rules[1].approval" });
    expect(typo.body.error.message).toContain("no-deletes");

    const badOp = { ...POLICY_JSON, rules: [{ ...POLICY_JSON.rules[0], when: { all: [{ field: "amount", op: "less", value: 1 }] } }] };
    const res = await putPolicy(org.admin.token, JSON.stringify(badOp), "application/json");
    expect(res.status).toBe(422);
    expect(res.body.error.details).toMatchObject({ rule: "refunds", field: expect.stringContaining("rules[0].when") });

    const yaml = await putPolicy(org.admin.token, "rules: [unclosed", "application/yaml");
    expect(yaml.status).toBe(422);
    expect(yaml.body.error.code).toBe("invalid_policy");
    expect((await call("GET", "/api/v1/policy", { token: org.admin.token })).status).toBe(404);
  });

  it("simulates a candidate over recorded intents and over given intents", async () => {
    const org = await createTestOrg();
    const agent = await org.agent("billing-bot");
    await org.setPolicy(POLICY);
    const refund = await propose(agent.key, { action: "payment.refund", amount: 10, payload: { r: 1 } });
    const big = await propose(agent.key, { action: "payment.refund", amount: 500, payload: { r: 2 } });
    const other = await propose(agent.key, { action: "crm.update", payload: { r: 3 } });
    expect([refund.status, big.status, other.status]).toEqual(["allowed", "pending_approval", "pending_approval"]);

    const recorded = await call("POST", "/api/v1/policy/simulate", { token: org.admin.token, body: { policy: STRICT } });
    expect(recorded.status).toBe(200);
    expect(recorded.body.changed).toBe(2);
    const byId = new Map(recorded.body.items.map((i: { intent_id: string }) => [i.intent_id, i]));
    expect(byId.get(refund.id)).toMatchObject({ before: { outcome: "allow", rule_id: "refunds" }, after: { outcome: "deny", rule_id: "no-refunds" }, changed: true });
    expect(byId.get(other.id)).toMatchObject({ before: { outcome: "require_approval" }, after: { outcome: "require_approval" }, changed: false });

    const given = await call("POST", "/api/v1/policy/simulate", {
      token: org.admin.token,
      body: { policy: STRICT, intents: [{ action: "payment.refund", amount: 5 }, { action: "crm.delete_all" }, { action: "email.send" }, other.id] },
    });
    expect(given.body.changed).toBe(2);
    expect(given.body.items.map((i: { before: { outcome: string }; after: { outcome: string } }) => [i.before.outcome, i.after.outcome])).toEqual([
      ["allow", "deny"],
      ["deny", "require_approval"],
      ["require_approval", "require_approval"],
      ["require_approval", "require_approval"],
    ]);
    // Nothing was saved.
    expect((await call("GET", "/api/v1/policy", { token: org.admin.token })).body.version).toBe(1);
  });
});
