import { beforeAll, describe, expect, it } from "vitest";
import { sweepIntents } from "../../lib/domain/intents/sweep-intents";
import { createTestOrg, type TestOrg } from "../factories/org";
import { call } from "../helpers/api";
import { execute, executeBody, propose } from "../helpers/intents";
import { activeLease, proposeUnder } from "../helpers/leases";
import { sqlExec } from "../helpers/sql";

// `stage: resume` + `resumes: <id>`: continuing a run that was stopped (rejected, denied or
// expired) always goes back to a human, with the reviewer told what stopped it; continuing one
// that was not stopped follows the policy. This policy would let every job resume on its own.

const POLICY = `
version: 1
default: require_approval
rules:
  - id: resume-jobs
    priority: 20
    match: { action: "job.*", stage: [resume] }
    decision: allow
    reason: Resuming jobs is routine
  - id: never
    priority: 30
    match: { action: job.never }
    decision: deny
    reason: This job never runs
  - id: job-step
    match: { action: job.step }
    decision: require_approval
    sla: 1h
  - id: job-forbidden
    match: { action: job.forbidden }
    decision: deny
    reason: Forbidden at run time
  - id: job-auto
    match: { action: job.auto }
    decision: allow
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

const resume = (action: string, resumes: string, extra: Record<string, unknown> = {}) =>
  propose(key, { action, stage: "resume", resumes, payload: { resumed: resumes }, ...extra });
const queueItem = async (intentId: string) =>
  (await call("GET", "/api/v1/approvals", { token: admin })).body.items.find((i: any) => i.intent.id === intentId);

/** Gated: pending, approval_required, and the reviewer sees which intent stopped the run and why. */
async function expectGated(resumed: any, stopped: { id: string; status: string; why: string }) {
  expect(resumed.status).toBe("pending_approval");
  expect(resumed.decision.reason_code).toBe("approval_required");
  expect(resumed.execution_token).toBeUndefined();
  for (const text of [resumed.decision.reason, (await queueItem(resumed.id)).policy_reason]) {
    expect(text).toContain(stopped.id);
    expect(text).toContain(stopped.status);
    expect(text).toContain(stopped.why);
  }
}

describe("resuming a stopped run is gated by a human", () => {
  it("after a rejection", async () => {
    const step = await propose(key, { action: "job.step", payload: { n: 1 } });
    await call("POST", `/api/v1/approvals/${step.id}/reject`, { token: admin, body: { reason: "wrong recipients" } });
    await expectGated(await resume("job.step", step.id), { id: step.id, status: "rejected", why: "wrong recipients" });
  });

  it("after a denial", async () => {
    const denied = await propose(key, { action: "job.forbidden", payload: { n: 2 } });
    expect(denied.status).toBe("denied");
    await expectGated(await resume("job.forbidden", denied.id), { id: denied.id, status: "denied", why: "Forbidden at run time" });
  });

  it("after an approval timed out (SLA passed)", async () => {
    const step = await propose(key, { action: "job.step", payload: { n: 3 } });
    await sqlExec("UPDATE intents SET sla_deadline = sla_deadline - interval '2 hours' WHERE id = $1", step.id);
    await sweepIntents();
    expect((await call("GET", `/api/v1/intents/${step.id}`, { token: key })).body.status).toBe("expired");
    await expectGated(await resume("job.step", step.id), { id: step.id, status: "expired", why: "SLA" });
  });

  it("after an execution token lapsed unused", async () => {
    const auto = await propose(key, { action: "job.auto", payload: { n: 4 } });
    await sqlExec("UPDATE intents SET expires_at = expires_at - interval '1 hour' WHERE id = $1", auto.id);
    await sqlExec("UPDATE execution_tokens SET expires_at = expires_at - interval '1 hour' WHERE intent_id = $1", auto.id);
    await sweepIntents();
    await expectGated(await resume("job.auto", auto.id), { id: auto.id, status: "expired", why: "expired unused" });
  });

  it("also when the policy would ask a human anyway, and inside a lease", async () => {
    const step = await propose(key, { action: "task.step", payload: { n: 5 } });
    await call("POST", `/api/v1/approvals/${step.id}/reject`, { token: admin, body: { reason: "not today" } });
    await expectGated(await resume("task.step", step.id), { id: step.id, status: "rejected", why: "not today" });

    const lease = await activeLease(key, admin, { capabilities: ["job.*"], destinations: [], spend_limit: null });
    const res = await proposeUnder(key, lease.id, { action: "job.step", stage: "resume", resumes: step.id });
    await expectGated(res.body, { id: step.id, status: "rejected", why: "not today" });
  });

  it("a policy deny of the resume itself stays a deny", async () => {
    const denied = await propose(key, { action: "job.never", payload: { n: 6 } });
    const res = await resume("job.never", denied.id);
    expect(res.status).toBe("denied");
    expect(res.decision.rule_id).toBe("never");
  });
});

describe("resuming a run that was not stopped follows the policy", () => {
  it("after an approval", async () => {
    const step = await propose(key, { action: "job.step", payload: { n: 7 } });
    await call("POST", `/api/v1/approvals/${step.id}/approve`, { token: admin, body: { reason: "fine" } });
    const res = await resume("job.step", step.id);
    expect(res.status).toBe("allowed");
    expect(res.decision.rule_id).toBe("resume-jobs");
    expect(res.resumes).toBe(step.id);
  });

  it("after success", async () => {
    const auto = await propose(key, { action: "job.auto", payload: { n: 8 } });
    expect((await execute(key, auto.id, executeBody(auto))).status).toBe(200);
    await call("POST", `/api/v1/intents/${auto.id}/result`, { token: key, body: { status: "succeeded" } });
    const res = await resume("job.auto", auto.id);
    expect(res.status).toBe("allowed");
    expect(res.decision.rule_id).toBe("resume-jobs");
  });

  it("resuming an intent that does not exist is 404", async () => {
    const missing = await call("POST", "/api/v1/intents", { token: key, body: { action: "job.step", stage: "resume", resumes: "int_00000000000000000000" } });
    expect(missing.status).toBe(404);
  });
});
