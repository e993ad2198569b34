import { describe, expect, it } from "vitest";
import { createTestOrg } from "../factories/org";
import { call } from "../helpers/api";
import { execute, executeBody, propose } from "../helpers/intents";
import { auditTypesFor, sqlRows } from "../helpers/sql";

/** The audit types with any reassignment after the first left out: whether the first approver was the assignee (who hands the item on) depends on the race. */
const withoutReassignments = (types: string[]) => types.filter((t, i) => t !== "intent.assigned" || types.indexOf("intent.assigned") === i);

// Races fired with Promise.all against the real handlers: each check-and-write is one locked
// transaction, so exactly one resolution (or execution) wins and the rest see its result.

const POLICY = `
version: 1
default: require_approval
rules:
  - id: refunds
    match: { action: payment.refund }
    decision: allow
  - id: one-approver
    match: { action: email.send }
    decision: require_approval
  - id: two-person
    match: { action: wire.send }
    decision: require_approval
    approvals: 2
`;

async function approvalRows(intentId: string) {
  return sqlRows<{ user_id: string; decision: string }>("SELECT user_id, decision FROM approvals WHERE intent_id = $1", intentId);
}

describe("concurrent approvals and executions", () => {
  it("20 approvers racing on one single-approval item: one wins, 19 see already_resolved", async () => {
    const org = await createTestOrg();
    const agent = await org.agent();
    await org.setPolicy(POLICY);
    const approvers = await Promise.all(Array.from({ length: 20 }, () => org.user("approver")));
    const intent = await propose(agent.key, { action: "email.send", payload: { to: "everyone" } });
    expect(intent.status).toBe("pending_approval");

    const results = await Promise.all(
      approvers.map((u, i) =>
        call("POST", `/api/v1/approvals/${intent.id}/${i % 2 === 0 ? "approve" : "reject"}`, {
          token: u.token,
          body: { reason: `decision ${i}` },
        }),
      ),
    );

    const winners = results.filter((r) => r.status === 200);
    const losers = results.filter((r) => r.status !== 200);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(19);
    for (const loser of losers) {
      expect(loser.status).toBe(409);
      expect(loser.body.error.code).toBe("already_resolved");
    }

    const finalStatus = winners[0].body.status;
    expect(["approved", "rejected"]).toContain(finalStatus);
    if (finalStatus === "approved") expect(winners[0].body.execution_token).toMatch(/^tg_exec_/);
    const winnerIndex = results.indexOf(winners[0]);
    expect(finalStatus).toBe(winnerIndex % 2 === 0 ? "approved" : "rejected");

    const approvals = await approvalRows(intent.id);
    expect(approvals).toEqual([{ user_id: approvers[winnerIndex].userId, decision: winnerIndex % 2 === 0 ? "approve" : "reject" }]);
    expect(await auditTypesFor(org.orgId, intent.id)).toEqual(["intent.proposed", "intent.assigned", `intent.${finalStatus}`]);

    const seen = await call("GET", `/api/v1/intents/${intent.id}`, { token: agent.key });
    expect(seen.body.status).toBe(finalStatus);
    const log = await call("GET", `/api/v1/intents/${intent.id}/decisions`, { token: agent.key });
    expect(log.body.items.map((i: { kind: string }) => i.kind)).toEqual(["policy", "assignment", finalStatus === "approved" ? "approval" : "rejection"]);

    const verify = await call("GET", "/api/v1/audit/verify", { token: org.admin.token });
    expect(verify.body).toMatchObject({ ok: true });
  });

  it("20 concurrent executes with the same token: one 200, the rest token_used", async () => {
    const org = await createTestOrg();
    const agent = await org.agent();
    await org.setPolicy(POLICY);
    const intent = await propose(agent.key, { action: "payment.refund", amount: 5, payload: { charge: "ch_race" } });
    expect(intent.status).toBe("allowed");

    const results = await Promise.all(Array.from({ length: 20 }, () => execute(agent.key, intent.id, executeBody(intent))));
    const ok = results.filter((r) => r.status === 200);
    expect(ok).toHaveLength(1);
    expect(ok[0].body.status).toBe("executing");
    const refused = results.filter((r) => r.status !== 200);
    expect(refused).toHaveLength(19);
    for (const r of refused) {
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe("token_used");
    }

    expect(await auditTypesFor(org.orgId, intent.id)).toEqual(["intent.proposed", "intent.executing"]);
    const log = await call("GET", `/api/v1/intents/${intent.id}/decisions`, { token: agent.key });
    expect(log.body.items.map((i: { kind: string }) => i.kind)).toEqual(["policy", "execution"]);
  });

  it("the same user approving a two-person item twice at once counts once", async () => {
    const org = await createTestOrg();
    const agent = await org.agent();
    await org.setPolicy(POLICY);
    const [alice, bob] = await Promise.all([org.user("approver"), org.user("approver")]);
    const intent = await propose(agent.key, { action: "wire.send", amount: 9000, payload: { iban: "DE00" } });
    expect(intent.decision.approvals_required).toBe(2);

    const twice = await Promise.all(
      [1, 2].map((n) => call("POST", `/api/v1/approvals/${intent.id}/approve`, { token: alice.token, body: { reason: `try ${n}` } })),
    );
    expect(twice.map((r) => r.status).sort()).toEqual([200, 409]);
    const refused = twice.find((r) => r.status === 409)!;
    expect(refused.body.error.code).toBe("already_approved_by_user");
    expect(twice.find((r) => r.status === 200)!.body.status).toBe("pending_approval");
    expect(await approvalRows(intent.id)).toEqual([{ user_id: alice.userId, decision: "approve" }]);

    const queue = await call("GET", "/api/v1/approvals?action=wire.send", { token: bob.token });
    const item = queue.body.items.find((i: { intent: { id: string } }) => i.intent.id === intent.id);
    expect(item).toMatchObject({ approvals_required: 2, approvals_received: 1 });

    const second = await call("POST", `/api/v1/approvals/${intent.id}/approve`, { token: bob.token, body: { reason: "ok" } });
    expect(second.status).toBe(200);
    expect(second.body.status).toBe("approved");
    expect(withoutReassignments(await auditTypesFor(org.orgId, intent.id))).toEqual(["intent.proposed", "intent.assigned", "intent.approval_recorded", "intent.approved"]);
  });

  it("two different approvers completing a two-person item at once approve it exactly once", async () => {
    const org = await createTestOrg();
    const agent = await org.agent();
    await org.setPolicy(POLICY);
    const [alice, bob] = await Promise.all([org.user("approver"), org.user("approver")]);
    const intent = await propose(agent.key, { action: "wire.send", amount: 1, payload: { iban: "FR00" } });

    const both = await Promise.all(
      [alice, bob].map((u) => call("POST", `/api/v1/approvals/${intent.id}/approve`, { token: u.token, body: { reason: "fine" } })),
    );
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    expect(both.map((r) => r.body.status).sort()).toEqual(["approved", "pending_approval"]);
    expect((await approvalRows(intent.id)).map((a) => a.user_id).sort()).toEqual([alice.userId, bob.userId].sort());
    expect(withoutReassignments(await auditTypesFor(org.orgId, intent.id))).toEqual(["intent.proposed", "intent.assigned", "intent.approval_recorded", "intent.approved"]);
    const tokens = await sqlRows<{ n: number }>("SELECT count(*)::int AS n FROM execution_tokens WHERE intent_id = $1", intent.id);
    expect(tokens[0].n).toBe(1);
  });
});
