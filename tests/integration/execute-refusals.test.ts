import { afterEach, describe, expect, it } from "vitest";
import { hashCanonical } from "../../lib/canonical-json";
import { sweepIntents } from "../../lib/domain/intents/sweep-intents";
import { createTestOrg, type TestOrg } from "../factories/org";
import { call } from "../helpers/api";
import { execute, executeBody, propose } from "../helpers/intents";
import { sqlExec } from "../helpers/sql";

// POST /intents/{id}/execute refuses in the contract's order: invalid_execution_token,
// token_used, token_expired, not_executable, payload_mismatch, policy_changed. Each case is
// provoked on its own, then pairs of faults show which check comes first.

const POLICY = `
version: 1
default: require_approval
rules:
  - id: refunds
    match: { action: payment.refund }
    decision: allow
`;
// Same decisions for refunds, different snapshot.
const POLICY_STILL_ALLOWS = `${POLICY}    reason: Refunds are fine\n`;
const POLICY_GATES_REFUNDS = `
version: 1
default: require_approval
rules:
  - id: refunds
    match: { action: payment.refund }
    decision: require_approval
    approvals: 2
`;
const POLICY_DENIES_ALL = `
version: 1
default: deny
`;

const refund = (charge: string) => ({ action: "payment.refund", amount: 10, currency: "USD", payload: { charge } });
const WRONG_HASH = hashCanonical({ something: "else" });

/** Moves the intent's execution token(s) an hour into the past (TTL is 15 minutes). */
const expireToken = (intentId: string) =>
  sqlExec("UPDATE execution_tokens SET expires_at = expires_at - interval '1 hour' WHERE intent_id = $1", intentId);

function expectRefusal(res: { status: number; body: { error?: { code: string } } }, status: number, code: string) {
  expect({ status: res.status, code: res.body.error?.code }).toEqual({ status, code });
}

async function setup(): Promise<{ org: TestOrg; key: string }> {
  const org = await createTestOrg();
  const agent = await org.agent();
  await org.setPolicy(POLICY);
  return { org, key: agent.key };
}

async function approvedIntent(org: TestOrg, key: string, action: string) {
  const intent = await propose(key, { action, payload: { n: action } });
  expect(intent.status).toBe("pending_approval");
  const approved = await call("POST", `/api/v1/approvals/${intent.id}/approve`, { token: org.admin.token, body: { reason: "checked" } });
  expect(approved.body.status).toBe("approved");
  return approved.body;
}

afterEach(() => {
  delete process.env.EXEC_TOKEN_TTL_SECONDS;
});

describe("execute refusals, one at a time", () => {
  it("403 invalid_execution_token for another intent's token and for a garbage token", async () => {
    const { key } = await setup();
    const a = await propose(key, refund("ch_a"));
    const b = await propose(key, refund("ch_b"));
    expectRefusal(await execute(key, a.id, { execution_token: b.execution_token, payload_hash: a.payload_hash }), 403, "invalid_execution_token");
    expectRefusal(await execute(key, a.id, { execution_token: "tg_exec_garbage", payload_hash: a.payload_hash }), 403, "invalid_execution_token");
    expectRefusal(await execute(key, a.id, { execution_token: `tg_exec_${"x".repeat(43)}`, payload_hash: a.payload_hash }), 403, "invalid_execution_token");
    // None of that spent anything: both tokens still work for their own intents.
    expect((await execute(key, a.id, executeBody(a))).status).toBe(200);
    expect((await execute(key, b.id, executeBody(b))).status).toBe(200);
  });

  it("409 token_used on the second use", async () => {
    const { key } = await setup();
    const a = await propose(key, refund("ch_used"));
    expect((await execute(key, a.id, executeBody(a))).status).toBe(200);
    expectRefusal(await execute(key, a.id, executeBody(a)), 409, "token_used");
  });

  it("409 token_expired past the TTL, which EXEC_TOKEN_TTL_SECONDS sets", async () => {
    const { key } = await setup();
    process.env.EXEC_TOKEN_TTL_SECONDS = "60";
    const a = await propose(key, refund("ch_ttl"));
    const ttlMs = Date.parse(a.expires_at) - Date.parse(a.created_at);
    expect(ttlMs).toBeGreaterThanOrEqual(59_000);
    expect(ttlMs).toBeLessThanOrEqual(61_000);
    await expireToken(a.id);
    expectRefusal(await execute(key, a.id, executeBody(a)), 409, "token_expired");
  });

  it("409 not_executable when the intent left allowed while its token is still valid", async () => {
    const { key } = await setup();
    const a = await propose(key, refund("ch_swept"));
    // A sweeper whose clock runs ahead expires the intent while the token itself has time left.
    await sqlExec("UPDATE intents SET expires_at = expires_at - interval '1 hour' WHERE id = $1", a.id);
    await sweepIntents();
    const seen = await call("GET", `/api/v1/intents/${a.id}`, { token: key });
    expect(seen.body.status).toBe("expired");
    expectRefusal(await execute(key, a.id, executeBody(a)), 409, "not_executable");
  });

  it("409 payload_mismatch for a hash other than the decided payload's", async () => {
    const { key } = await setup();
    const a = await propose(key, refund("ch_hash"));
    expectRefusal(await execute(key, a.id, { execution_token: a.execution_token, payload_hash: WRONG_HASH }), 409, "payload_mismatch");
    expectRefusal(await execute(key, a.id, { execution_token: a.execution_token, payload_hash: "sha256:nothex" }), 409, "payload_mismatch");
    expect((await execute(key, a.id, executeBody(a))).status).toBe(200);
  });
});

describe("policy_changed", () => {
  it("an auto-allowed intent is refused once the policy would gate it, and kept when it still allows", async () => {
    const { org, key } = await setup();
    const gated = await propose(key, refund("ch_gated"));
    const kept = await propose(key, refund("ch_kept"));

    await org.setPolicy(POLICY_STILL_ALLOWS);
    expect((await execute(key, kept.id, executeBody(kept))).status).toBe(200);

    const { snapshot } = await org.setPolicy(POLICY_GATES_REFUNDS);
    const res = await execute(key, gated.id, executeBody(gated));
    expectRefusal(res, 409, "policy_changed");
    expect(res.body.error.details).toMatchObject({ decided_under: gated.decision.policy_snapshot, active: snapshot, outcome_now: "require_approval" });
    const seen = await call("GET", `/api/v1/intents/${gated.id}`, { token: key });
    expect(seen.body.status).toBe("allowed");
  });

  it("a human approval survives a change to require_approval but not a change to deny", async () => {
    const { org, key } = await setup();
    const survives = await approvedIntent(org, key, "crm.update");
    const refused = await approvedIntent(org, key, "crm.merge");
    const agentView = async (id: string) => (await call("GET", `/api/v1/intents/${id}`, { token: key })).body;

    await org.setPolicy(POLICY_GATES_REFUNDS);
    expect((await execute(key, survives.id, executeBody(await agentView(survives.id)))).status).toBe(200);

    await org.setPolicy(POLICY_DENIES_ALL);
    const res = await execute(key, refused.id, executeBody(await agentView(refused.id)));
    expectRefusal(res, 409, "policy_changed");
    expect(res.body.error.details.outcome_now).toBe("deny");
  });
});

describe("refusal order when several things are wrong", () => {
  it("another intent's token with a wrong hash → invalid_execution_token", async () => {
    const { key } = await setup();
    const a = await propose(key, refund("ch_o1"));
    const b = await propose(key, refund("ch_o2"));
    expectRefusal(await execute(key, a.id, { execution_token: b.execution_token, payload_hash: WRONG_HASH }), 403, "invalid_execution_token");
  });

  it("a token that is used and expired, on an executing intent, with a wrong hash → token_used", async () => {
    const { key } = await setup();
    const a = await propose(key, refund("ch_o3"));
    expect((await execute(key, a.id, executeBody(a))).status).toBe(200);
    await expireToken(a.id);
    expectRefusal(await execute(key, a.id, { execution_token: a.execution_token, payload_hash: WRONG_HASH }), 409, "token_used");
  });

  it("an expired token with a wrong hash under a changed policy → token_expired", async () => {
    const { org, key } = await setup();
    const a = await propose(key, refund("ch_o4"));
    await expireToken(a.id);
    await org.setPolicy(POLICY_DENIES_ALL);
    expectRefusal(await execute(key, a.id, { execution_token: a.execution_token, payload_hash: WRONG_HASH }), 409, "token_expired");
  });

  it("a non-executable intent with a wrong hash → not_executable", async () => {
    const { key } = await setup();
    const a = await propose(key, refund("ch_o5"));
    await sqlExec("UPDATE intents SET expires_at = expires_at - interval '1 hour' WHERE id = $1", a.id);
    await sweepIntents();
    expectRefusal(await execute(key, a.id, { execution_token: a.execution_token, payload_hash: WRONG_HASH }), 409, "not_executable");
  });

  it("a wrong hash under a policy that now denies → payload_mismatch", async () => {
    const { org, key } = await setup();
    const a = await propose(key, refund("ch_o6"));
    await org.setPolicy(POLICY_DENIES_ALL);
    expectRefusal(await execute(key, a.id, { execution_token: a.execution_token, payload_hash: WRONG_HASH }), 409, "payload_mismatch");
    expectRefusal(await execute(key, a.id, executeBody(a)), 409, "policy_changed");
  });
});
