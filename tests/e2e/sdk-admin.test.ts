import { Tollgate, isTollgateError } from "@tollgate/sdk";
import { beforeAll, describe, expect, it } from "vitest";
import { TEST_PASSWORD } from "../factories/org";
import { liveOrg } from "./sdk-fixtures";

// The member-side methods against the real routes: the wire shapes the SDK's types describe.
let live: Awaited<ReturnType<typeof liveOrg>>;
beforeAll(async () => {
  live = await liveOrg();
});

describe("SDK member routes against the running app", () => {
  it("logs in with a password and manages members", async () => {
    const login = await new Tollgate({ baseUrl: live.baseUrl }).auth.createToken({ email: live.org.admin.email, password: TEST_PASSWORD, name: "sdk-test" });
    expect(login).toMatchObject({ user_id: live.org.admin.userId, org_id: live.org.orgId, role: "admin" });
    const admin = new Tollgate({ baseUrl: live.baseUrl, token: login.token });
    expect(await admin.me()).toEqual({ kind: "user", id: live.org.admin.userId, org_id: live.org.orgId, role: "admin" });

    const wrong = await new Tollgate({ baseUrl: live.baseUrl }).auth.createToken({ email: live.org.admin.email, password: "nope" }).catch((e) => e);
    expect(isTollgateError(wrong, "invalid_credentials")).toBe(true);

    const email = `viewer-${Date.now()}@example.test`;
    const invited = await admin.members.invite({ email, role: "viewer" });
    expect(invited).toMatchObject({ email, role: "viewer", accept_url: expect.stringMatching(/\/invite#tg_inv_/) });
    const pending = [];
    for await (const invitation of admin.invitations.listAll()) pending.push(invitation.invitation_id);
    expect(pending).toContain(invited.invitation_id);
    // The invitee, with no token at all, accepts with a password of their own.
    const anonymous = new Tollgate({ baseUrl: live.baseUrl });
    const token = invited.accept_url.split("#")[1];
    const added = await anonymous.invitations.accept({ token, password: TEST_PASSWORD });
    expect(added).toEqual({ user_id: expect.any(String), org_id: live.org.orgId, role: "viewer", email });
    const reused = await anonymous.invitations.accept({ token, password: TEST_PASSWORD }).catch((e) => e);
    expect(isTollgateError(reused, "invitation_invalid")).toBe(true);
    expect(reused.status).toBe(410);
    expect((await admin.members.update(added.user_id, { role: "approver" })).role).toBe("approver");
    const emails = [];
    for await (const member of admin.members.listAll()) emails.push(member.email);
    expect(emails).toEqual(expect.arrayContaining([live.org.admin.email, email]));
    expect(await admin.members.remove(added.user_id)).toEqual({ user_id: added.user_id, removed: true });

    const revocable = await admin.members.invite({ email: `revoked-${Date.now()}@example.test`, role: "approver" });
    expect(await admin.invitations.revoke(revocable.invitation_id)).toEqual({ invitation_id: revocable.invitation_id, revoked: true });
    const dead = await anonymous.invitations.accept({ token: revocable.accept_url.split("#")[1], password: TEST_PASSWORD }).catch((e) => e);
    expect(isTollgateError(dead, "invitation_invalid")).toBe(true);
    // An old client that still sends a password to POST /members learns at once.
    const old = await admin.members.invite({ email: "x@example.test", role: "viewer", password: "p" } as never).catch((e) => e);
    expect(isTollgateError(old, "validation_failed")).toBe(true);
  });

  it("creates, lists, rotates and deletes agents; a rotated key is dead at once", async () => {
    const me = await live.admin.me();
    const created = await live.admin.agents.create({ name: `rotating-${Date.now()}`, description: "SDK test", owner_id: me.id });
    expect(created.api_key).toMatch(/^tg_agent_/);
    expect(created.owner_id).toBe(me.id);
    const names = [];
    for await (const agent of live.admin.agents.listAll()) names.push(agent.name);
    expect(names).toContain(created.name);

    const rotated = await live.admin.agents.rotate(created.id);
    const old = await new Tollgate({ baseUrl: live.baseUrl, token: created.api_key }).me().catch((e) => e);
    expect(old).toMatchObject({ status: 401, code: "unauthorized" });
    expect((await new Tollgate({ baseUrl: live.baseUrl, token: rotated.api_key }).me()).id).toBe(created.id);
    expect(await live.admin.agents.delete(created.id)).toEqual({ id: created.id, deleted: true });
  });

  it("reads, versions, validates and simulates the policy", async () => {
    const policy = await live.admin.policy.get();
    expect(policy).toMatchObject({ format: "yaml", document: { version: 1, default: "require_approval" } });
    expect(policy.snapshot).toMatch(/^sha256:/);
    const saved = await live.admin.policy.put({ ...policy.document, default: "deny" });
    expect(saved.version).toBe(policy.version + 1);
    const { items } = await live.admin.policy.versions();
    expect(items.map((v) => v.version).slice(0, 2)).toEqual([saved.version, policy.version]);
    await live.admin.policy.put(policy.source);

    const invalid = await live.admin.policy.put("version: 1\ndefault: maybe\nrules: []\n").catch((e) => e);
    expect(invalid).toMatchObject({ status: 422, code: "invalid_policy" });
    expect(await live.admin.policy.validate({ policy: "version: 1\ndefault: deny\nrules: []\n" })).toMatchObject({ ok: true, rules: 0 });

    const simulated = await live.admin.policy.simulate({
      policy: { version: 1, default: "deny", rules: [] },
      intents: [{ action: "crm.read", payload: {} }],
    });
    expect(simulated).toMatchObject({ changed: 1, items: [{ before: { outcome: "allow" }, after: { outcome: "deny" } }] });
  });

  it("reads the queue, the audit chain and the metrics", async () => {
    const agent = await live.agent();
    const pending = await agent.client.intents.propose({ action: "deploy.release", environment: "production", payload: { service: "api" } });
    const queue = await live.admin.approvals.list({ agent: agent.name });
    expect(queue.items).toEqual([expect.objectContaining({ intent: expect.objectContaining({ id: pending.id }), approvals_required: 1, approvals_received: 0, policy_rule_id: "prod-deploys" })]);
    const batch = await live.admin.approvals.batch({ intent_ids: [pending.id, "int_missing"], decision: "reject", reason: "Freeze week" });
    expect(batch).toMatchObject({ succeeded: 1, failed: 1, items: [{ intent_id: pending.id, ok: true, status: "rejected" }, { intent_id: "int_missing", ok: false }] });

    const types = [];
    for await (const event of live.admin.audit.listAll({ subject: pending.id })) types.push(event.type);
    // The server's notifier tells reviewers in the background (notification.* events, held without SMTP_URL): when is its own affair.
    expect(types.filter((t) => !t.startsWith("notification."))).toEqual(["intent.proposed", "intent.assigned", "intent.rejected"]);
    expect(await live.admin.audit.verify()).toMatchObject({ ok: true });
    expect(await live.admin.audit.export({ format: "csv", subject: pending.id })).toContain("intent.rejected");

    const metrics = await live.admin.metrics({ agent: agent.name });
    expect(metrics).toMatchObject({ intents: 1, approval_rate: 1 });
  });
});
