import { beforeAll, describe, expect, it } from "vitest";
import { createTestOrg, type TestOrg } from "../factories/org";
import { call } from "../helpers/api";
import { execute, executeBody } from "../helpers/intents";
import { activeLease, expectDenied, getLease, leaveShareOfTtl, proposeUnder, requestLease } from "../helpers/leases";
import { sqlRows } from "../helpers/sql";

// An intent with lease_id is checked against the lease before the policy can let anything
// through: every refusal is a denied intent with its reason code. Inside the lease, run-stage
// intents the policy would gate are allowed; publish-stage ones and policy denies are not. The
// spend cap holds under 50 concurrent intents.

const POLICY = `
version: 1
default: require_approval
rules:
  - id: no-wires
    match: { action: payment.wire }
    decision: deny
    reason: Wires are never automated
    reason_code: wires_forbidden
  - id: publish-gate
    priority: 10
    match: { stage: [publish] }
    decision: require_approval
    approver_role: publisher
    reason: Publishing needs a publisher
`;

let org: TestOrg;
let key: string;
let admin: string;

beforeAll(async () => {
  org = await createTestOrg();
  key = (await org.agent()).key;
  admin = org.admin.token;
  await org.setPolicy(POLICY);
});

const lease = (overrides: Record<string, unknown> = {}) =>
  activeLease(key, admin, { capabilities: ["email.send", "crm.*", "payment.*"], ...overrides });
// Under a spend limit every intent must carry an amount (one without would spend uncounted).
const intent = (extra: Record<string, unknown> = {}) => ({ action: "crm.update", destination: "api.example.com", amount: 1, currency: "USD", ...extra });

describe("lease refusals (status denied, decision.reason_code)", () => {
  it("out_of_scope: an action outside the capabilities", async () => {
    const { id } = await lease();
    const res = await proposeUnder(key, id, intent({ action: "files.delete" }));
    expectDenied(res, "out_of_scope");
    expect(res.body.decision.reason).toContain("files.delete");
  });

  it("out_of_scope: a destination outside the destinations, or none when the lease names some", async () => {
    const { id } = await lease();
    expectDenied(await proposeUnder(key, id, intent({ destination: "api.evil.com" })), "out_of_scope");
    expectDenied(await proposeUnder(key, id, intent({ destination: "example.com.evil.io" })), "out_of_scope");
    expectDenied(await proposeUnder(key, id, intent({ destination: undefined })), "out_of_scope");
    expect((await proposeUnder(key, id, intent({ destination: "eu.api.example.com" }))).body.status).toBe("allowed");
  });

  it("out_of_scope: no amount at all under a spend limit (it would spend uncounted); fine under a lease without one", async () => {
    const { id } = await lease();
    const res = await proposeUnder(key, id, intent({ amount: undefined, currency: undefined }));
    expectDenied(res, "out_of_scope");
    expect(res.body.decision.reason).toMatch(/amount/);
    const uncapped = await lease({ spend_limit: null });
    expect((await proposeUnder(key, uncapped.id, intent({ amount: undefined, currency: undefined }))).body.status).toBe("allowed");
  });

  it("out_of_scope: an amount in another currency than the spend limit's", async () => {
    const { id } = await lease();
    expectDenied(await proposeUnder(key, id, intent({ amount: 10, currency: "EUR" })), "out_of_scope");
    expect((await proposeUnder(key, id, intent({ amount: 10, currency: "usd" }))).body.status).toBe("allowed");
  });

  it("spend_limit_exceeded: an amount over what remains; the cap itself can be reached", async () => {
    const { id } = await lease();
    expect((await proposeUnder(key, id, intent({ amount: 450, currency: "USD" }))).body.status).toBe("allowed");
    const over = await proposeUnder(key, id, intent({ amount: 60, currency: "USD" }));
    expectDenied(over, "spend_limit_exceeded");
    expect((await proposeUnder(key, id, intent({ amount: 50, currency: "USD" }))).body.status).toBe("allowed");
    expectDenied(await proposeUnder(key, id, intent({ amount: 0.01, currency: "USD" })), "spend_limit_exceeded");
    expect(await getLease(key, id)).toMatchObject({ spent: 500, remaining: 0 });
  });

  it("lease_expired, lease_revoked and lease_not_active", async () => {
    const expired = await lease();
    await leaveShareOfTtl(expired.id, -0.01);
    expectDenied(await proposeUnder(key, expired.id, intent()), "lease_expired");

    const revoked = await lease();
    await call("POST", `/api/v1/leases/${revoked.id}/revoke`, { token: admin, body: { reason: "done" } });
    expectDenied(await proposeUnder(key, revoked.id, intent()), "lease_revoked");

    const pending = await requestLease(key);
    expectDenied(await proposeUnder(key, pending.id, intent()), "lease_not_active");
    const rejected = await requestLease(key);
    await call("POST", `/api/v1/approvals/${rejected.request_intent_id}/reject`, { token: admin, body: { reason: "no" } });
    expectDenied(await proposeUnder(key, rejected.id, intent()), "lease_revoked");
  });

  it("another agent's lease, another org's lease or no such lease → 404, and nothing is recorded", async () => {
    const { id } = await lease();
    const other = await org.agent();
    const foreign = await createTestOrg();
    const foreignKey = (await foreign.agent()).key;
    for (const [token, leaseId] of [[other.key, id], [foreignKey, id], [key, "lse_00000000000000000000"]]) {
      const res = await proposeUnder(token, leaseId, intent());
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    }
    const [row] = await sqlRows<{ n: number }>("SELECT count(*)::int AS n FROM intents WHERE lease_id = $1 AND action <> 'lease.create'", id);
    expect(row.n).toBe(0);
  });
});

describe("the lease and the policy", () => {
  it("allows a run-stage intent the policy would send to a human (within_lease), and it executes", async () => {
    const { id } = await lease();
    const outside = await call("POST", "/api/v1/intents", { token: key, body: intent() });
    expect(outside.body.status, "without the lease a human decides").toBe("pending_approval");
    const inside = await proposeUnder(key, id, intent({ payload: { field: "stage" } }));
    expect(inside.body.status).toBe("allowed");
    expect(inside.body.decision).toMatchObject({ outcome: "allow", reason_code: "within_lease", approvals_required: 0 });
    expect(inside.body.decision.reason).toContain(id);
    const run = await execute(key, inside.body.id, executeBody(inside.body));
    expect(run.status).toBe(200);
    expect(run.body.status).toBe("executing");
  });

  it("keeps the policy's gates on a publish-stage intent inside the lease", async () => {
    const { id } = await lease();
    const res = await proposeUnder(key, id, intent({ stage: "publish" }));
    expect(res.body.status).toBe("pending_approval");
    expect(res.body.decision).toMatchObject({
      rule_id: "publish-gate",
      reason_code: "approval_required",
      approver_role: "publisher",
      step_up_required: true,
    });
    expect(res.body.execution_token).toBeUndefined();
  });

  it("keeps a policy deny inside the lease", async () => {
    const { id } = await lease();
    const res = await proposeUnder(key, id, intent({ action: "payment.wire", amount: 10, currency: "USD" }));
    expectDenied(res, "wires_forbidden");
    expect(res.body.decision.rule_id).toBe("no-wires");
  });

  it("refuses lease.create / lease.renew proposed by hand under a lease, even one whose capabilities are *", async () => {
    const { id } = await lease({ capabilities: ["*"], destinations: [] });
    for (const action of ["lease.renew", "lease.create"]) {
      for (const stage of ["run", "renew", "publish"]) {
        const forged = await proposeUnder(key, id, {
          action,
          stage,
          amount: 1_000_000,
          currency: "USD",
          payload: { requested: { capabilities: ["*"], destinations: [], spend_limit: null, ttl: "3650d" } },
        });
        expectDenied(forged, "out_of_scope");
      }
    }
    expect(await getLease(key, id)).toMatchObject({ ttl: "8h", spend_limit: { amount: 500 }, spent: 0, renewal_intent_id: null });
  });
});

describe("spend cap under concurrency", () => {
  it("50 parallel intents of 25 against a cap of 500: allowed ones never sum past the cap, the rest are spend_limit_exceeded", async () => {
    const { id } = await lease();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, n) => proposeUnder(key, id, intent({ amount: 25, currency: "USD", payload: { n } }))),
    );
    for (const res of results) expect(res.status, JSON.stringify(res.body)).toBe(201);
    const allowed = results.filter((r) => r.body.status === "allowed");
    const denied = results.filter((r) => r.body.status === "denied");
    expect(allowed.length + denied.length).toBe(50);
    expect(allowed.reduce((sum, r) => sum + r.body.amount, 0)).toBeLessThanOrEqual(500);
    expect(allowed).toHaveLength(20);
    for (const res of denied) expect(res.body.decision.reason_code).toBe("spend_limit_exceeded");
    expect(await getLease(key, id)).toMatchObject({ spent: 500, remaining: 0, intents_count: 20 });
    const [row] = await sqlRows<{ total: string }>(
      "SELECT COALESCE(SUM(amount), 0)::text AS total FROM intents WHERE lease_id = $1 AND status = 'allowed'",
      id,
    );
    expect(Number(row.total)).toBe(500);
  });

  it("negative amounts do not free room under the cap", async () => {
    const { id } = await lease({ spend_limit: { amount: 100, currency: "USD", window: "24h" } });
    expect((await proposeUnder(key, id, intent({ amount: -1000, currency: "USD" }))).body.status).toBe("allowed");
    expect((await proposeUnder(key, id, intent({ amount: 100, currency: "USD" }))).body.status).toBe("allowed");
    expectDenied(await proposeUnder(key, id, intent({ amount: 1, currency: "USD" })), "spend_limit_exceeded");
    expect((await proposeUnder(key, id, intent({ amount: -50, currency: "USD" }))).body.status).toBe("allowed");
    expectDenied(await proposeUnder(key, id, intent({ amount: 1, currency: "USD" })), "spend_limit_exceeded");
    expect(await getLease(key, id)).toMatchObject({ spent: 100, remaining: 0 });
  });

  it("refused and rejected intents do not count against the cap", async () => {
    const { id } = await lease({ spend_limit: { amount: 100, currency: "USD", window: "24h" } });
    const gated = await proposeUnder(key, id, intent({ stage: "resume", amount: 80, currency: "USD" }));
    expect(gated.body.status).toBe("pending_approval");
    expectDenied(await proposeUnder(key, id, intent({ amount: 30, currency: "USD" })), "spend_limit_exceeded");
    const rejected = await call("POST", `/api/v1/approvals/${gated.body.id}/reject`, { token: admin, body: { reason: "not this one" } });
    expect(rejected.body.status, JSON.stringify(rejected.body)).toBe("rejected");
    expect((await proposeUnder(key, id, intent({ amount: 100, currency: "USD" }))).body.status).toBe("allowed");
  });
});
