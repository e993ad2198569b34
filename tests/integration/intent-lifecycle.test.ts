import { describe, expect, it } from "vitest";
import { hashCanonical } from "../../lib/canonical-json";
import { createTestOrg } from "../factories/org";
import { call } from "../helpers/api";

const POLICY = `
version: 1
default: require_approval
rules:
  - id: small-refunds
    priority: 50
    match: { action: payment.refund }
    when: { all: [ { field: amount, op: lt, value: 100 } ] }
    decision: allow
    reason: Small refunds auto-approve
  - id: no-deletes
    match: { action: "crm.delete*" }
    decision: deny
    reason: Agents never delete CRM records
    reason_code: destructive_action
  - id: big-sends
    match: { action: email.send }
    decision: require_approval
    approvals: 2
    sla: 1h
`;

describe("intent lifecycle", () => {
  it("allows, executes once with the bound token, and records the result", async () => {
    const org = await createTestOrg();
    const agent = await org.agent();
    const { snapshot } = await org.setPolicy(POLICY);
    const payload = { charge: "ch_1", amount: 40 };

    const proposed = await call("POST", "/api/v1/intents", {
      token: agent.key,
      body: { action: "payment.refund", amount: 40, currency: "USD", payload },
    });
    expect(proposed.status).toBe(201);
    expect(proposed.body.status).toBe("allowed");
    expect(proposed.body.payload_hash).toBe(hashCanonical(payload));
    expect(proposed.body.decision).toMatchObject({ outcome: "allow", rule_id: "small-refunds", policy_snapshot: snapshot });
    expect(proposed.body.execution_token).toMatch(/^tg_exec_/);

    const id = proposed.body.id;
    const exec = { execution_token: proposed.body.execution_token, payload_hash: proposed.body.payload_hash };
    const executed = await call("POST", `/api/v1/intents/${id}/execute`, { token: agent.key, body: exec });
    expect(executed.status).toBe(200);
    expect(executed.body.status).toBe("executing");

    const again = await call("POST", `/api/v1/intents/${id}/execute`, { token: agent.key, body: exec });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("token_used");

    const done = await call("POST", `/api/v1/intents/${id}/result`, { token: agent.key, body: { status: "succeeded", output: { refund: "re_1" } } });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe("succeeded");

    const log = await call("GET", `/api/v1/intents/${id}/decisions`, { token: agent.key });
    expect(log.body.items.map((i: { kind: string }) => i.kind)).toEqual(["policy", "execution"]);
  });

  it("denies with the rule's machine-readable reason code and issues no token", async () => {
    const org = await createTestOrg();
    const agent = await org.agent();
    await org.setPolicy(POLICY);
    const res = await call("POST", "/api/v1/intents", { token: agent.key, body: { action: "crm.delete_contact", payload: { id: 7 } } });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe("denied");
    expect(res.body.decision).toMatchObject({ outcome: "deny", rule_id: "no-deletes", reason_code: "destructive_action" });
    expect(res.body.execution_token).toBeUndefined();
  });

  it("fails closed to require_approval when the org has no policy", async () => {
    const org = await createTestOrg();
    const agent = await org.agent();
    const res = await call("POST", "/api/v1/intents", { token: agent.key, body: { action: "anything" } });
    expect(res.body.status).toBe("pending_approval");
    expect(res.body.decision.reason_code).toBe("approval_required");
    expect(res.body.decision.rule_id).toBeNull();
  });

  it("answers a proposal exactly as a later read of the intent does, for every outcome", async () => {
    const org = await createTestOrg();
    const agent = await org.agent();
    await org.setPolicy(POLICY);
    const bodies = [
      { action: "payment.refund", amount: 10, currency: "usd", payload: { z: 1, a: [1.5, { b: null }] }, summary: { title: "t" }, context: { confidence: 0.9, recommendation: "approve" } },
      { action: "crm.delete.contact", payload: { id: 7 }, risk_tags: ["crm"] },
      { action: "email.send", environment: "production", destination: "sendgrid.send", payload: { to: 400 }, rationale: "campaign" },
    ];
    for (const body of bodies) {
      const proposed = await call("POST", "/api/v1/intents", { token: agent.key, body });
      expect(proposed.status).toBe(201);
      const read = await call("GET", `/api/v1/intents/${proposed.body.id}`, { token: agent.key });
      expect(proposed.body).toEqual(read.body);
    }
  });

  it("replays an Idempotency-Key with the same body and refuses it with a different one", async () => {
    const org = await createTestOrg();
    const agent = await org.agent();
    await org.setPolicy(POLICY);
    const body = { action: "payment.refund", amount: 10, payload: { n: 1 } };
    const headers = { "idempotency-key": "refund-ch_1" };
    const first = await call("POST", "/api/v1/intents", { token: agent.key, body, headers });
    const second = await call("POST", "/api/v1/intents", { token: agent.key, body, headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    const conflict = await call("POST", "/api/v1/intents", { token: agent.key, body: { ...body, amount: 11 }, headers });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe("idempotency_conflict");
  });

  it("needs two distinct humans for a two-person item, then hands the agent its token", async () => {
    const org = await createTestOrg();
    const agent = await org.agent();
    await org.setPolicy(POLICY);
    const [alice, bob] = [await org.user("approver"), await org.user("approver")];
    const proposed = await call("POST", "/api/v1/intents", { token: agent.key, body: { action: "email.send", payload: { to: 400 } } });
    expect(proposed.body).toMatchObject({ status: "pending_approval", decision: { approvals_required: 2 } });
    expect(proposed.body.decision.sla_deadline).not.toBeNull();
    const id = proposed.body.id;

    const first = await call("POST", `/api/v1/approvals/${id}/approve`, { token: alice.token, body: { reason: "checked list" } });
    expect(first.status).toBe(200);
    expect(first.body.status).toBe("pending_approval");
    const twice = await call("POST", `/api/v1/approvals/${id}/approve`, { token: alice.token, body: { reason: "again" } });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe("already_approved_by_user");

    const second = await call("POST", `/api/v1/approvals/${id}/approve`, { token: bob.token, body: { reason: "looks right" } });
    expect(second.body.status).toBe("approved");
    expect(second.body.execution_token).toMatch(/^tg_exec_/);

    const seen = await call("GET", `/api/v1/intents/${id}`, { token: agent.key });
    expect(seen.body.execution_token).toBe(second.body.execution_token);
    const asMember = await call("GET", `/api/v1/intents/${id}`, { token: alice.token });
    expect(asMember.body.execution_token).toBeUndefined();

    const late = await call("POST", `/api/v1/approvals/${id}/reject`, { token: org.admin.token, body: { reason: "too late" } });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe("already_resolved");
  });

  it("stores payload, context and result exactly as submitted, so the shown payload still hashes to payload_hash", async () => {
    const org = await createTestOrg();
    const agent = await org.agent();
    await org.setPolicy(POLICY);
    // biome-ignore lint/correctness/noPrecisionLoss: the literal is the point: it must survive storage as the double it is
    const payload = { f: 0.1 + 0.2, g: 1.0000000000000002, big: 12345678901234567, nested: [{ x: 5e-324 }] };
    const proposed = await call("POST", "/api/v1/intents", {
      token: agent.key,
      body: { action: "payment.refund", amount: 1, payload, context: { confidence: 0.30000000000000004 } },
    });
    const read = await call("GET", `/api/v1/intents/${proposed.body.id}`, { token: agent.key });
    expect(read.body.payload).toEqual(payload);
    expect(read.body.context.confidence).toBe(0.30000000000000004);
    expect(hashCanonical(read.body.payload)).toBe(read.body.payload_hash);

    const exec = { execution_token: read.body.execution_token, payload_hash: read.body.payload_hash };
    await call("POST", `/api/v1/intents/${read.body.id}/execute`, { token: agent.key, body: exec });
    const done = await call("POST", `/api/v1/intents/${read.body.id}/result`, { token: agent.key, body: { status: "succeeded", output: { ratio: 0.1 + 0.7 } } });
    expect(done.body.result.output).toEqual({ ratio: 0.1 + 0.7 });
  });

  // A payload may be any JSON value; null was written as SQL NULL into the NOT NULL column, a 500
  // (found by the route fuzzer).
  it.each([[null], ["text"], [0], [[]]])("takes the payload %j, stores it as JSON and hashes it as sent", async (payload) => {
    const org = await createTestOrg();
    const agent = await org.agent();
    await org.setPolicy(POLICY);
    const proposed = await call("POST", "/api/v1/intents", { token: agent.key, body: { action: "payment.refund", amount: 1, payload } });
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
    expect(proposed.body.payload_hash).toBe(hashCanonical(payload));
    const read = await call("GET", `/api/v1/intents/${proposed.body.id}`, { token: agent.key });
    expect(read.body.payload).toEqual(payload);
    const exec = { execution_token: read.body.execution_token, payload_hash: read.body.payload_hash };
    expect((await call("POST", `/api/v1/intents/${read.body.id}/execute`, { token: agent.key, body: exec })).status).toBe(200);
  });
});
