import { beforeAll, describe, expect, it } from "vitest";
import { type ApiResponse, call } from "../helpers/api";
import { execute, executeBody } from "../helpers/intents";
import {
  approvalState,
  approveWithStepUp,
  memberWithPasskey,
  passkeyRow,
  signIn,
  stepUpAssertion,
  stepUpOptions,
  stepUpOrg,
} from "../helpers/passkeys";
import { sqlRows } from "../helpers/sql";

// Issue 5: a step-up item (publish stage, or a rule with `step_up: true`) is approved only by a
// publisher+ in a dashboard session with a fresh passkey assertion bound to that very intent;
// the approval records the credential, the audit event names it, the passkey's counter moves.

process.env.NEXTAUTH_URL = "http://localhost:3000";
delete process.env.WEBAUTHN_ORIGIN;
delete process.env.WEBAUTHN_RP_ID;

let fx: Awaited<ReturnType<typeof stepUpOrg>>;
beforeAll(async () => {
  fx = await stepUpOrg();
});

/** Runs a request that must be refused, and checks the intent, its approvals, the user's passkeys and the audit chain are untouched. */
async function refusedWithoutWrites(intentId: string, userId: string, request: () => Promise<ApiResponse>) {
  const before = await approvalState(fx.org.orgId, intentId, userId);
  expect(before.status).toBe("pending_approval");
  const res = await request();
  expect(await approvalState(fx.org.orgId, intentId, userId)).toEqual(before);
  return res;
}

describe("approving a step-up item with a passkey", () => {
  it.each([
    ["a plain publish-stage intent", () => fx.publish()],
    ["a run-stage intent whose rule says step_up: true", () => fx.stepUpRule()],
  ])("approves %s: 200 approved, credential on the approval row and in the audit event, counter and last use moved", async (_what, make) => {
    const intent = await make();
    expect(intent.decision).toMatchObject({ step_up_required: true, approver_role: "publisher" });
    const { user, session, authenticator, credential, passkey } = await memberWithPasskey(fx.org);

    const options = await stepUpOptions(session, intent.id);
    expect(options.status).toBe(200);
    expect(options.body).toMatchObject({ rpId: "localhost", userVerification: "required", allowCredentials: [{ id: credential.id, type: "public-key" }] });
    const [challenge] = await sqlRows<{ purpose: string; user_id: string; intent_id: string; payload_hash: string }>(
      "SELECT purpose, user_id, intent_id, payload_hash FROM webauthn_challenges WHERE challenge = $1",
      options.body.challenge,
    );
    expect(challenge).toEqual({ purpose: "step_up", user_id: user.userId, intent_id: intent.id, payload_hash: intent.payload_hash });

    const res = await approveWithStepUp(session, intent.id, authenticator.assert(credential, options.body));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ id: intent.id, status: "approved", execution_token: expect.stringMatching(/^tg_exec_/) });

    const approvals = await sqlRows<{ user_id: string; decision: string; credential_id: string }>(
      "SELECT user_id, decision, credential_id FROM approvals WHERE intent_id = $1",
      intent.id,
    );
    expect(approvals).toEqual([{ user_id: user.userId, decision: "approve", credential_id: credential.id }]);

    const audit = await call("GET", `/api/v1/audit?type=intent.approved&subject=${intent.id}`, { token: fx.org.admin.token });
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0]).toMatchObject({ actor: { type: "user", id: user.userId }, data: { step_up_credential_id: credential.id } });

    const row = await passkeyRow(credential.id);
    expect(row!.counter).toBe(1n);
    expect(row!.last_used_at).toBeInstanceOf(Date);
    const listed = await session.call("GET", "/api/v1/passkeys");
    expect(listed.body.items).toEqual([expect.objectContaining({ id: passkey.id, last_used_at: row!.last_used_at!.toISOString() })]);
    expect(await sqlRows("SELECT 1 FROM webauthn_challenges WHERE challenge = $1", options.body.challenge), "the challenge is used up").toEqual([]);

    // The approval is the real thing: the agent may now execute.
    expect((await execute(fx.agent.key, intent.id, executeBody(res.body))).body.status).toBe("executing");
  });

  it("records each approver's own credential on a publish item that needs two people", async () => {
    const intent = await fx.dualPublish();
    const first = await memberWithPasskey(fx.org);
    const second = await memberWithPasskey(fx.org, "admin");
    const one = await approveWithStepUp(first.session, intent.id, await stepUpAssertion(first.session, first.authenticator, first.credential, intent.id));
    expect(one.body).toMatchObject({ status: "pending_approval" });
    expect(one.body.execution_token).toBeUndefined();
    const two = await approveWithStepUp(second.session, intent.id, await stepUpAssertion(second.session, second.authenticator, second.credential, intent.id));
    expect(two.body).toMatchObject({ status: "approved", execution_token: expect.any(String) });
    const rows = await sqlRows<{ user_id: string; credential_id: string }>(
      "SELECT user_id, credential_id FROM approvals WHERE intent_id = $1 ORDER BY created_at",
      intent.id,
    );
    expect(rows).toEqual([
      { user_id: first.user.userId, credential_id: first.credential.id },
      { user_id: second.user.userId, credential_id: second.credential.id },
    ]);
  });

  it("lets one of two concurrent uses of the same assertion through, exactly once", async () => {
    const intent = await fx.publish();
    const { session, authenticator, credential } = await memberWithPasskey(fx.org);
    const response = await stepUpAssertion(session, authenticator, credential, intent.id);
    const results = await Promise.all([approveWithStepUp(session, intent.id, response), approveWithStepUp(session, intent.id, response)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)!.body.error.code).toBe("already_resolved");
    expect(await sqlRows("SELECT 1 FROM approvals WHERE intent_id = $1", intent.id)).toHaveLength(1);
  });

  it("offers no step-up options for an item already resolved, or for one that needs no step-up", async () => {
    const publish = await fx.publish();
    const { session, authenticator, credential } = await memberWithPasskey(fx.org);
    const approved = await approveWithStepUp(session, publish.id, await stepUpAssertion(session, authenticator, credential, publish.id));
    expect(approved.body.status).toBe("approved");
    const resolved = await stepUpOptions(session, publish.id);
    expect(resolved.status).toBe(409);
    expect(resolved.body.error.code).toBe("already_resolved");

    const plain = await fx.plain();
    const noStepUp = await stepUpOptions(session, plain.id);
    expect(noStepUp.status).toBe(409);
    expect(noStepUp.body.error.code).toBe("conflict");
    expect(await sqlRows("SELECT 1 FROM webauthn_challenges WHERE user_id = $1", session.userId)).toEqual([]);
  });
});

describe("who may step up", () => {
  it("refuses an API token alone: 403 step_up_required, and with an assertion attached still (session_required)", async () => {
    const intent = await fx.publish();
    const { user, session, authenticator, credential } = await memberWithPasskey(fx.org);
    const bare = await refusedWithoutWrites(intent.id, user.userId, () =>
      call("POST", `/api/v1/approvals/${intent.id}/approve`, { token: user.token, body: { reason: "via API" } }),
    );
    expect(bare.status).toBe(403);
    expect(bare.body.error.code).toBe("step_up_required");

    const byToken = await call("POST", `/api/v1/approvals/${intent.id}/step-up`, { token: user.token, body: {} });
    expect(byToken.status).toBe(403);
    expect(byToken.body.error).toMatchObject({ code: "step_up_required", details: { reason: "session_required" } });

    // A valid assertion obtained in the session does not let a token approve either.
    const response = await stepUpAssertion(session, authenticator, credential, intent.id);
    const withAssertion = await refusedWithoutWrites(intent.id, user.userId, () =>
      call("POST", `/api/v1/approvals/${intent.id}/approve`, { token: user.token, body: { reason: "via API", step_up: { response } } }),
    );
    expect(withAssertion.status).toBe(403);
    expect(withAssertion.body.error).toMatchObject({ code: "step_up_required", details: { reason: "session_required" } });
    // …and the admin's token is no exception.
    const admin = await call("POST", `/api/v1/approvals/${intent.id}/approve`, { token: fx.org.admin.token, body: { reason: "admin" } });
    expect(admin.body.error.code).toBe("step_up_required");
    // The assertion was not spent by the refusals: the session can still use it.
    expect((await approveWithStepUp(session, intent.id, response)).body.status).toBe("approved");
  });

  it("refuses a session without an assertion: 403 step_up_required", async () => {
    const intent = await fx.stepUpRule();
    const { user, session } = await memberWithPasskey(fx.org);
    const res = await refusedWithoutWrites(intent.id, user.userId, () =>
      session.call("POST", `/api/v1/approvals/${intent.id}/approve`, { reason: "looks fine" }),
    );
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("step_up_required");
  });

  it("tells a publisher without a passkey to register one: 403 step_up_required, reason no_passkey", async () => {
    const intent = await fx.publish();
    const user = await fx.org.user("publisher");
    const session = await signIn(user, fx.org.orgId);
    const res = await refusedWithoutWrites(intent.id, user.userId, () => stepUpOptions(session, intent.id));
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: "step_up_required", details: { reason: "no_passkey" } });
    expect(res.body.error.message).toMatch(/register a passkey/i);
    expect(await sqlRows("SELECT 1 FROM webauthn_challenges WHERE user_id = $1", user.userId)).toEqual([]);
  });

  it.each([["viewer"], ["approver"]] as const)("refuses a %s, even with a passkey: 403 forbidden for options and for approving", async (role) => {
    const intent = await fx.publish();
    const publisher = await memberWithPasskey(fx.org);
    const response = await stepUpAssertion(publisher.session, publisher.authenticator, publisher.credential, intent.id);
    const { user, session } = await memberWithPasskey(fx.org, role);

    const options = await refusedWithoutWrites(intent.id, user.userId, () => stepUpOptions(session, intent.id));
    expect(options.status).toBe(403);
    expect(options.body.error.code).toBe("forbidden");
    expect(await sqlRows("SELECT 1 FROM webauthn_challenges WHERE user_id = $1 AND purpose = 'step_up'", user.userId)).toEqual([]);

    const approve = await refusedWithoutWrites(intent.id, user.userId, () => approveWithStepUp(session, intent.id, response));
    expect(approve.status).toBe(403);
    expect(approve.body.error.code).toBe("forbidden");
  });
});
