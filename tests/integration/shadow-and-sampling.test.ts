import { describe, expect, it } from "vitest";
import { db } from "../../lib/db/client";
import { inSample } from "../../lib/domain/intents/shadow-and-sample";
import { createTestOrg } from "../factories/org";
import { call } from "../helpers/api";

const POLICY = `
version: 1
default: require_approval
rules:
  - id: trial-block-bulk
    priority: 100
    mode: shadow
    match: { action: email.send }
    when: { field: payload.recipients, op: gt, value: 100 }
    decision: deny
    reason_code: bulk_blocked
  - id: email-ok
    match: { action: email.send }
    decision: allow
    sample: 0.5
`;

describe("shadow rules and random audits", () => {
  it("records what a shadow rule would have done without letting it gate", async () => {
    const org = await createTestOrg();
    const agent = await org.agent();
    await org.setPolicy(POLICY);
    const bulk = await call("POST", "/api/v1/intents", { token: agent.key, body: { action: "email.send", payload: { recipients: 400 } } });
    expect(bulk.body.status).toBe("allowed");
    expect(bulk.body.decision.rule_id).toBe("email-ok");
    const hits = await db().shadowHit.findMany({ where: { intentId: bulk.body.id } });
    expect(hits.map(({ ruleId, outcome, reasonCode, error, action, agentId }) => ({ ruleId, outcome, reasonCode, error, action, agentId }))).toEqual([
      { ruleId: "trial-block-bulk", outcome: "deny", reasonCode: "bulk_blocked", error: false, action: "email.send", agentId: agent.id },
    ]);

    const small = await call("POST", "/api/v1/intents", { token: agent.key, body: { action: "email.send", payload: { recipients: 3 } } });
    expect(await db().shadowHit.count({ where: { intentId: small.body.id } })).toBe(0);
  });

  it("copies the sampled share of allowed intents to the review-after queue, and a human marks them once", async () => {
    const org = await createTestOrg();
    const agent = await org.agent();
    await org.setPolicy(POLICY);
    const reviewer = await org.user("approver");
    const viewer = await org.user("viewer");
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) {
      ids.push((await call("POST", "/api/v1/intents", { token: agent.key, body: { action: "email.send", payload: { n: i } } })).body.id);
    }
    const expected = ids.filter((id) => inSample(id, 0.5));
    expect(expected.length).toBeGreaterThan(5); // 40 draws at 50 %: far from 0 or 40
    expect(expected.length).toBeLessThan(35);

    const queue = await call("GET", "/api/v1/reviews?limit=200", { token: viewer.token });
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((r: { intent: { id: string } }) => r.intent.id).sort()).toEqual([...expected].sort());
    expect(queue.body.items.every((r: { rule_id: string; verdict: null }) => r.rule_id === "email-ok" && r.verdict === null)).toBe(true);

    const target = queue.body.items[0].id;
    expect((await call("POST", `/api/v1/reviews/${target}`, { token: viewer.token, body: { verdict: "wrong" } })).status).toBe(403);
    const marked = await call("POST", `/api/v1/reviews/${target}`, { token: reviewer.token, body: { verdict: "wrong", note: "should have been reviewed" } });
    expect(marked.status).toBe(200);
    expect(marked.body).toMatchObject({ verdict: "wrong", reviewer_id: reviewer.userId });
    const again = await call("POST", `/api/v1/reviews/${target}`, { token: reviewer.token, body: { verdict: "right" } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("already_resolved");

    const pending = await call("GET", "/api/v1/reviews?status=pending&limit=200", { token: viewer.token });
    expect(pending.body.items).toHaveLength(expected.length - 1);
    const reviewed = await call("GET", "/api/v1/reviews?status=reviewed", { token: viewer.token });
    expect(reviewed.body.items.map((r: { id: string }) => r.id)).toEqual([target]);
    const audit = await call("GET", "/api/v1/audit?type=review.marked", { token: viewer.token });
    expect(audit.body.items).toHaveLength(1);
  });

  it("samples deterministically per intent at about the configured rate", () => {
    const draws = Array.from({ length: 10_000 }, (_, i) => inSample(`int_${i.toString(36).padStart(20, "x")}`, 0.05));
    const share = draws.filter(Boolean).length / draws.length;
    expect(share).toBeGreaterThan(0.04);
    expect(share).toBeLessThan(0.06);
    expect(inSample("int_fixed", 0.05)).toBe(inSample("int_fixed", 0.05));
    expect(inSample("int_fixed", 0)).toBe(false);
    expect(inSample("int_fixed", 1)).toBe(true);
  });
});
