import { beforeAll, describe, expect, it } from "vitest";
import { createTestOrg, type TestOrg } from "../factories/org";
import { call } from "../helpers/api";
import { activeLease, expectDenied, expectRefusal, getLease, proposeUnder, requestLease } from "../helpers/leases";

// An agent hands part of its lease to another agent of its org: active at once, never wider
// than any lease above it, never longer, its spend counted against them, revoked with them.

const POLICY = `
version: 1
default: require_approval
`;

type Agent = { id: string; name: string; key: string };
let org: TestOrg;
let admin: string;
let holder: Agent;
let helper: Agent;
let third: Agent;
let fourth: Agent;

beforeAll(async () => {
  org = await createTestOrg();
  admin = org.admin.token;
  await org.setPolicy(POLICY);
  [holder, helper, third, fourth] = [await org.agent(), await org.agent(), await org.agent(), await org.agent()];
});

const parentScope = {
  capabilities: ["email.*", "crm.read"],
  destinations: ["*.example.com"],
  spend_limit: { amount: 500, currency: "USD", window: "24h" },
  ttl: "8h",
};
const childScope = {
  capabilities: ["email.send"],
  destinations: ["mail.example.com"],
  spend_limit: { amount: 200, currency: "USD", window: "24h" },
  ttl: "30d",
  purpose: "send the newsletter",
};

const delegate = (from: Agent, leaseId: string, to: Agent | string, scope: Record<string, unknown> = childScope) =>
  call("POST", `/api/v1/leases/${leaseId}/delegate`, { token: from.key, body: { ...scope, agent: typeof to === "string" ? to : to.name } });
const send = (agent: Agent, leaseId: string, amount: number, extra: Record<string, unknown> = {}) =>
  proposeUnder(agent.key, leaseId, { action: "email.send", destination: "mail.example.com", amount, currency: "USD", ...extra });

describe("delegation within scope", () => {
  it("gives the other agent an active sub-lease it can use, ending no later than the parent, its spend counted against the parent", async () => {
    const parent = await activeLease(holder.key, admin, parentScope);
    const res = await delegate(holder, parent.id, helper);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const child = res.body;
    expect(child).toMatchObject({ status: "active", agent_id: helper.id, parent_lease_id: parent.id, depth: 1, capabilities: ["email.send"] });
    expect(new Date(child.expires_at).getTime()).toBeLessThanOrEqual(new Date(parent.expires_at).getTime());
    expect((await call("GET", "/api/v1/approvals", { token: admin })).body.items.some((i: any) => i.intent.lease_id === child.id)).toBe(false);

    // The helper can use it; the holder cannot (it is not theirs), and the helper cannot use the parent.
    const used = await send(helper, child.id, 150);
    expect(used.body.status).toBe("allowed");
    expect(used.body.decision.reason_code).toBe("within_lease");
    expect((await send(holder, child.id, 1)).status).toBe(404);
    expect((await send(helper, parent.id, 1)).status).toBe(404);
    expect(await getLease(helper.key, child.id)).toMatchObject({ spent: 150, remaining: 50 });
    expect(await getLease(holder.key, parent.id)).toMatchObject({ spent: 150, remaining: 350 });

    // The parent's cap binds the child: 470 spent above leaves 30, though the child's own cap leaves 50.
    expect((await send(holder, parent.id, 320, { action: "email.digest", destination: "news.example.com" })).body.status).toBe("allowed");
    const over = await send(helper, child.id, 40);
    expectDenied(over, "spend_limit_exceeded");
    expect(over.body.decision.reason).toContain(parent.id);
    expect((await send(helper, child.id, 30)).body.status).toBe("allowed");
    expect(await getLease(holder.key, parent.id)).toMatchObject({ spent: 500, remaining: 0 });
    expect(await getLease(helper.key, child.id)).toMatchObject({ spent: 180, remaining: 20 });
    // The child is also held to everything the parent allows: its own scope is narrower.
    expectDenied(await send(helper, child.id, 0, { action: "crm.read" }), "out_of_scope");
  });

  it("holds the combined cap when the parent's and the child's holders spend at the same moment", async () => {
    const parent = await activeLease(holder.key, admin, { ...parentScope, spend_limit: { amount: 300, currency: "USD", window: "24h" } });
    const child = (await delegate(holder, parent.id, helper, { ...childScope, spend_limit: { amount: 300, currency: "USD", window: "24h" } })).body;
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, n) => (n % 2 ? send(helper, child.id, 10, { payload: { n } }) : send(holder, parent.id, 10, { payload: { n } }))),
    );
    const allowed = results.filter((r) => r.body.status === "allowed");
    expect(allowed.reduce((sum, r) => sum + r.body.amount, 0)).toBeLessThanOrEqual(300);
    expect(allowed).toHaveLength(30);
    for (const r of results.filter((r) => r.body.status !== "allowed")) expect(r.body.decision.reason_code).toBe("spend_limit_exceeded");
    expect((await getLease(holder.key, parent.id)).spent).toBe(300);
  });

  it("refuses delegating a lease that is not active, to itself, or to an agent that does not exist", async () => {
    const pending = await requestLease(holder.key, parentScope);
    expectRefusal(await delegate(holder, pending.id, helper), 409, "conflict");
    const parent = await activeLease(holder.key, admin, parentScope);
    expectRefusal(await delegate(holder, parent.id, holder), 409, "conflict");
    expectRefusal(await delegate(holder, parent.id, "no-such-agent"), 404, "not_found");
    expectRefusal(await delegate(helper, parent.id, third), 404, "not_found");
  });
});

describe("scope escalation → 403 scope_escalation", () => {
  it.each([
    ["a wider capability", { capabilities: ["email.send", "crm.write"] }],
    ["a wildcard capability", { capabilities: ["*"] }],
    ["a destination outside", { destinations: ["mail.evil.com"] }],
    ["any destination", { destinations: [] }],
    ["a bigger spend", { spend_limit: { amount: 600, currency: "USD", window: "24h" } }],
    ["a shorter window", { spend_limit: { amount: 100, currency: "USD", window: "1h" } }],
    ["another currency", { spend_limit: { amount: 100, currency: "EUR", window: "24h" } }],
    ["no spend limit", { spend_limit: null }],
  ])("%s", async (_what, change) => {
    const parent = await activeLease(holder.key, admin, parentScope);
    expectRefusal(await delegate(holder, parent.id, helper, { ...childScope, ...change }), 403, "forbidden", "scope_escalation");
    expect((await call("GET", "/api/v1/leases", { token: helper.key })).body.items.some((l: any) => l.parent_lease_id === parent.id)).toBe(false);
  });

  it("checks every lease above, not only the one delegated from", async () => {
    const root = await activeLease(holder.key, admin, parentScope);
    const child = (await delegate(holder, root.id, helper, { ...childScope, capabilities: ["email.*"], ttl: "1h" })).body;
    // The root narrows after the child was made: the child now reaches past it.
    const narrowed = await call("POST", `/api/v1/leases/${root.id}/renew`, { token: holder.key, body: { ttl: "2h", capabilities: ["email.send"] } });
    expect(narrowed.status).toBe(200);
    expectDenied(await send(helper, child.id, 1, { action: "email.digest" }), "out_of_scope");
    // Within the child's capabilities, but not the root's.
    const res = await delegate(helper, child.id, third, { ...childScope, capabilities: ["email.digest"] });
    expectRefusal(res, 403, "forbidden", "scope_escalation");
  });
});

describe("depth, revocation and renewal", () => {
  it("allows two hands below the human grant and refuses a third with delegation_depth_exceeded", async () => {
    const root = await activeLease(holder.key, admin, parentScope);
    const child = (await delegate(holder, root.id, helper)).body;
    const grandchild = await delegate(helper, child.id, third);
    expect(grandchild.status).toBe(201);
    expect(grandchild.body.depth).toBe(2);
    expect((await send(third, grandchild.body.id, 5)).body.status).toBe("allowed");
    expectRefusal(await delegate(third, grandchild.body.id, fourth), 403, "forbidden", "delegation_depth_exceeded");
  });

  it("revoking the parent revokes every lease below it at once", async () => {
    const root = await activeLease(holder.key, admin, parentScope);
    const child = (await delegate(holder, root.id, helper)).body;
    const grandchild = (await delegate(helper, child.id, third)).body;
    expect((await send(helper, child.id, 5)).body.status).toBe("allowed");
    const res = await call("POST", `/api/v1/leases/${root.id}/revoke`, { token: admin, body: { reason: "stop everything" } });
    expect(res.status).toBe(200);
    expect((await getLease(helper.key, child.id)).status).toBe("revoked");
    expect((await getLease(third.key, grandchild.id)).status).toBe("revoked");
    expectDenied(await send(helper, child.id, 5), "lease_revoked");
    expectDenied(await send(third, grandchild.id, 5), "lease_revoked");
  });

  it("revoking the child leaves the parent active", async () => {
    const root = await activeLease(holder.key, admin, parentScope);
    const child = (await delegate(holder, root.id, helper)).body;
    expect((await call("POST", `/api/v1/leases/${child.id}/revoke`, { token: helper.key, body: {} })).status).toBe(200);
    expect((await getLease(holder.key, root.id)).status).toBe("active");
    expect((await send(holder, root.id, 5)).body.status).toBe("allowed");
  });

  it("does not let the child's holder renew beyond the parent (403 scope_escalation), only within it", async () => {
    const root = await activeLease(holder.key, admin, parentScope);
    const child = (await delegate(holder, root.id, helper)).body;
    const renew = (body: Record<string, unknown>) => call("POST", `/api/v1/leases/${child.id}/renew`, { token: helper.key, body });
    expectRefusal(await renew({ ttl: "1h", capabilities: ["*"] }), 403, "forbidden", "scope_escalation");
    expectRefusal(await renew({ ttl: "1h", spend_limit: { amount: 501, currency: "USD", window: "24h" } }), 403, "forbidden", "scope_escalation");
    expectRefusal(await renew({ ttl: "1h", destinations: ["*"] }), 403, "forbidden", "scope_escalation");
    expectRefusal(await renew({ ttl: "30d" }), 403, "forbidden", "scope_escalation");
    expect((await getLease(helper.key, child.id)).capabilities).toEqual(["email.send"]);
    // Narrowing is always possible.
    const narrowed = await renew({ ttl: "1h", spend_limit: { amount: 50, currency: "USD", window: "24h" } });
    expect(narrowed.status).toBe(200);
    expect(narrowed.body).toMatchObject({ spend_limit: { amount: 50 }, ttl: "1h" });
  });
});
