import { beforeAll, describe, expect, it } from "vitest";
import { type TestOrg, type TestUser, createTestOrg } from "../factories/org";
import { call } from "../helpers/api";
import { activeLease, approveRequest, getLease, requestLease } from "../helpers/leases";

// A lease shows the strength of the approval behind it (`approval`): who granted it, the lowest
// role among them, step-up; a delegated lease shows its chain's weakest link, as enforcement judges it.

const POLICY = `
version: 1
default: require_approval
`;

let org: TestOrg;
let approver: TestUser;
let holder: { id: string; name: string; key: string };
let helper: { id: string; name: string; key: string };

beforeAll(async () => {
  org = await createTestOrg();
  await org.setPolicy(POLICY);
  approver = await org.user("approver");
  [holder, helper] = [await org.agent(), await org.agent()];
});

const SCOPE = { capabilities: ["email.*"], destinations: [], spend_limit: null, ttl: "8h" };
const delegate = (leaseId: string) =>
  call("POST", `/api/v1/leases/${leaseId}/delegate`, { token: holder.key, body: { capabilities: ["email.send"], ttl: "1h", agent: helper.name } });

describe("a lease's approval strength", () => {
  it("is empty while pending, then one approver of the approver's role", async () => {
    const requested = await requestLease(holder.key, SCOPE);
    expect(requested.approval).toEqual({ count: 0, min_role: null, step_up: false });
    await approveRequest(approver.token, requested.request_intent_id);
    expect((await getLease(holder.key, requested.id)).approval).toEqual({ count: 1, min_role: "approver", step_up: false });
  });

  it("names the admin role after an admin's approval, in GET and in the list", async () => {
    const lease = await activeLease(holder.key, org.admin.token, SCOPE);
    expect(lease.approval).toEqual({ count: 1, min_role: "admin", step_up: false });
    const list = await call("GET", "/api/v1/leases?limit=100", { token: org.admin.token });
    expect(list.status).toBe(200);
    expect(list.body.items.find((l: any) => l.id === lease.id).approval).toEqual({ count: 1, min_role: "admin", step_up: false });
  });

  it("on a delegated sub-lease is the parent's, and weakens when the parent's renewal is approved by a weaker role", async () => {
    const parent = await activeLease(holder.key, org.admin.token, SCOPE);
    const res = await delegate(parent.id);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.approval).toEqual({ count: 1, min_role: "admin", step_up: false });
    expect((await getLease(helper.key, res.body.id)).approval).toEqual(parent.approval);

    // A widening renewal of the parent, approved by an approver: the chain is only as strong as that.
    const renew = await call("POST", `/api/v1/leases/${parent.id}/renew`, { token: holder.key, body: { ttl: "12h", reason: "longer campaign" } });
    expect(renew.body.renewal.applied, JSON.stringify(renew.body)).toBe(false);
    await approveRequest(approver.token, renew.body.renewal.renewal_intent_id);
    const weaker = { count: 1, min_role: "approver", step_up: false };
    expect((await getLease(holder.key, parent.id)).approval).toEqual(weaker);
    expect((await getLease(helper.key, res.body.id)).approval, "the sub-lease shows its chain's weakest link").toEqual(weaker);
  });
});
