import { generateKeyPairSync } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { call } from "../helpers/api";
import {
  approvalState,
  approveWithStepUp,
  memberWithPasskey,
  passkeyRow,
  stepUpAssertion,
  stepUpOptions,
  stepUpOrg,
} from "../helpers/passkeys";
import { sqlExec } from "../helpers/sql";

// Issue 5: every way a passkey confirmation can be wrong is refused with 403 step_up_required and
// the reason, and writes nothing: the intent stays pending, no approval row, no audit event, the
// passkey's counter and last use stay put. Each case ends with the real confirmation still working.

process.env.NEXTAUTH_URL = "http://localhost:3000";
delete process.env.WEBAUTHN_ORIGIN;
delete process.env.WEBAUTHN_RP_ID;

let fx: Awaited<ReturnType<typeof stepUpOrg>>;
beforeAll(async () => {
  fx = await stepUpOrg();
});

type Member = Awaited<ReturnType<typeof memberWithPasskey>>;

/** Sends the approval as `who` and expects 403 step_up_required with `reason`, nothing of the intent or the user's passkeys changed. */
async function expectRefused(who: Member, intentId: string, response: unknown, reason: string) {
  const before = await approvalState(fx.org.orgId, intentId, who.user.userId);
  expect(before.status).toBe("pending_approval");
  const res = await approveWithStepUp(who.session, intentId, response);
  expect(res.status, JSON.stringify(res.body)).toBe(403);
  expect(res.body.error).toMatchObject({ code: "step_up_required", details: { reason } });
  expect(res.body.error.message.length).toBeGreaterThan(0);
  const after = await approvalState(fx.org.orgId, intentId, who.user.userId);
  expect(after).toEqual(before);
  expect(after.approvals).toEqual([]);
  return res;
}

/** The honest confirmation for the intent still goes through after the refusals. */
async function expectStillApprovable(who: Member, intentId: string) {
  const res = await approveWithStepUp(who.session, intentId, await stepUpAssertion(who.session, who.authenticator, who.credential, intentId));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.status).toBe("approved");
}

describe("replays", () => {
  it("refuses an assertion already used to approve another intent (replayed_or_unknown)", async () => {
    const [a, b] = [await fx.publish(), await fx.publish()];
    const p = await memberWithPasskey(fx.org);
    const response = await stepUpAssertion(p.session, p.authenticator, p.credential, a.id);
    expect((await approveWithStepUp(p.session, a.id, response)).body.status).toBe("approved");
    await expectRefused(p, b.id, response, "replayed_or_unknown");
    // On the intent it approved, the same response meets the resolved item first.
    const again = await approveWithStepUp(p.session, a.id, response);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("already_resolved");
    expect((await passkeyRow(p.credential.id))!.counter).toBe(1n);
    await expectStillApprovable(p, b.id);
  });

  it("refuses another approver's replay of a used assertion on the same item before it resolves (replayed_or_unknown)", async () => {
    const intent = await fx.dualPublish();
    const first = await memberWithPasskey(fx.org);
    const second = await memberWithPasskey(fx.org);
    const response = await stepUpAssertion(first.session, first.authenticator, first.credential, intent.id);
    expect((await approveWithStepUp(first.session, intent.id, response)).body.status).toBe("pending_approval");
    const before = await approvalState(fx.org.orgId, intent.id, second.user.userId);
    const res = await approveWithStepUp(second.session, intent.id, response);
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: "step_up_required", details: { reason: "replayed_or_unknown" } });
    expect(await approvalState(fx.org.orgId, intent.id, second.user.userId)).toEqual(before);
    expect(before.approvals).toHaveLength(1);
    expect(before.status).toBe("pending_approval");
    await expectStillApprovable(second, intent.id);
  });

  it("refuses an assertion over a challenge that was never issued (replayed_or_unknown)", async () => {
    const intent = await fx.publish();
    const p = await memberWithPasskey(fx.org);
    await expectRefused(p, intent.id, p.authenticator.assert(p.credential, { challenge: "bm90LWlzc3VlZC1ieS10aGUtc2VydmVy" }), "replayed_or_unknown");
    await expectStillApprovable(p, intent.id);
  });
});

describe("bindings", () => {
  it("refuses an assertion made for intent A on intent B (wrong_intent)", async () => {
    const [a, b] = [await fx.publish(), await fx.stepUpRule()];
    const p = await memberWithPasskey(fx.org);
    const forA = await stepUpAssertion(p.session, p.authenticator, p.credential, a.id);
    await expectRefused(p, b.id, forA, "wrong_intent");
    expect((await approvalState(fx.org.orgId, a.id, p.user.userId)).status).toBe("pending_approval");
    await expectStillApprovable(p, b.id);
  });

  it("refuses a challenge bound to another payload hash (wrong_intent)", async () => {
    const intent = await fx.publish();
    const p = await memberWithPasskey(fx.org);
    const options = await stepUpOptions(p.session, intent.id);
    await sqlExec("UPDATE webauthn_challenges SET payload_hash = 'sha256:0000' WHERE challenge = $1", options.body.challenge);
    await expectRefused(p, intent.id, p.authenticator.assert(p.credential, options.body), "wrong_intent");
    await expectStillApprovable(p, intent.id);
  });

  it("refuses a challenge issued to another user, and a sign-in challenge (wrong_challenge)", async () => {
    const intent = await fx.publish();
    const p = await memberWithPasskey(fx.org);
    const other = await memberWithPasskey(fx.org);
    // The other publisher's own options and assertion, sent from p's session.
    const theirs = await stepUpAssertion(other.session, other.authenticator, other.credential, intent.id);
    await expectRefused(p, intent.id, theirs, "wrong_challenge");
    // p's credential over a challenge issued for signing in.
    const login = await call("POST", "/api/v1/auth/passkey", { body: {} });
    await expectRefused(p, intent.id, p.authenticator.assert(p.credential, login.body), "wrong_challenge");
    await expectStillApprovable(p, intent.id);
  });

  it("refuses an expired challenge (expired)", async () => {
    const intent = await fx.stepUpRule();
    const p = await memberWithPasskey(fx.org);
    const options = await stepUpOptions(p.session, intent.id);
    await sqlExec("UPDATE webauthn_challenges SET expires_at = now() - interval '1 second' WHERE challenge = $1", options.body.challenge);
    await expectRefused(p, intent.id, p.authenticator.assert(p.credential, options.body), "expired");
    await expectStillApprovable(p, intent.id);
  });

  it("refuses another user's credential over your own challenge (unknown_credential)", async () => {
    const intent = await fx.publish();
    const p = await memberWithPasskey(fx.org);
    const other = await memberWithPasskey(fx.org);
    const options = await stepUpOptions(p.session, intent.id);
    await expectRefused(p, intent.id, other.authenticator.assert(other.credential, options.body), "unknown_credential");
    expect((await passkeyRow(other.credential.id))!.counter, "the other user's passkey is untouched").toBe(0n);
    await expectStillApprovable(p, intent.id);
  });
});

describe("the assertion itself", () => {
  it("refuses a signature counter that goes backwards after a successful use (verification_failed)", async () => {
    const [used, next] = [await fx.publish(), await fx.publish()];
    const p = await memberWithPasskey(fx.org);
    await expectStillApprovable(p, used.id);
    expect((await passkeyRow(p.credential.id))!.counter).toBe(1n);
    // A cloned authenticator would report the stored counter again, or an older one.
    for (const counter of [1, 0]) {
      await expectRefused(p, next.id, await stepUpAssertion(p.session, p.authenticator, p.credential, next.id, { counter }), "verification_failed");
    }
    await expectStillApprovable(p, next.id);
    expect((await passkeyRow(p.credential.id))!.counter).toBe(2n);
  });

  it("lets only one of two concurrent assertions with the same counter through (a cloned authenticator racing the original)", async () => {
    const p = await memberWithPasskey(fx.org);
    for (let round = 0; round < 3; round++) {
      const [a, b] = [await fx.publish(), await fx.publish()];
      const [forA, forB] = [await stepUpOptions(p.session, a.id), await stepUpOptions(p.session, b.id)];
      const counter = p.credential.counter + 1;
      const results = await Promise.all([
        approveWithStepUp(p.session, a.id, p.authenticator.assert(p.credential, forA.body, { counter })),
        approveWithStepUp(p.session, b.id, p.authenticator.assert(p.credential, forB.body, { counter })),
      ]);
      expect(results.map((r) => r.status).sort(), JSON.stringify(results.map((r) => r.body.error ?? r.body.status))).toEqual([200, 403]);
      expect(results.find((r) => r.status === 403)!.body.error).toMatchObject({ code: "step_up_required", details: { reason: "verification_failed" } });
      expect((await passkeyRow(p.credential.id))!.counter).toBe(BigInt(counter));
      p.credential.counter = counter;
    }
  });

  it.each([
    ["another RP ID", { rpId: "evil.example" }],
    ["another origin", { origin: "https://evil.example" }],
    ["no user verification (UV flag clear)", { userVerified: false }],
    ["no user presence (UP flag clear)", { userPresent: false }],
    ["the registration ceremony's type", { type: "webauthn.create" }],
  ])("refuses an assertion made with %s (verification_failed)", async (_what, forge) => {
    const intent = await fx.publish();
    const p = await memberWithPasskey(fx.org);
    await expectRefused(p, intent.id, await stepUpAssertion(p.session, p.authenticator, p.credential, intent.id, forge), "verification_failed");
    await expectStillApprovable(p, intent.id);
  });

  it("refuses a signature by another key under the registered credential id (verification_failed)", async () => {
    const intent = await fx.stepUpRule();
    const p = await memberWithPasskey(fx.org);
    const impostor = { ...p.credential, privateKey: generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey };
    await expectRefused(p, intent.id, await stepUpAssertion(p.session, p.authenticator, impostor, intent.id), "verification_failed");
    await expectStillApprovable(p, intent.id);
  });
});
