import { describe, expect, it } from "vitest";
import type { Principal } from "../../lib/auth/principal";
import { orgDb } from "../../lib/db/scoped";
import { readIntentRow } from "../../lib/domain/intents/read-intent-row";
import { INTENT_INCLUDE } from "../../lib/domain/intents/serialize-intent";
import { contextOf } from "../../lib/domain/request-context";
import { createTestOrg } from "../factories/org";
import { call } from "../helpers/api";

// readIntentRow reads an intent and its relations in one statement of raw SQL; the ORM's include
// (INTENT_INCLUDE) is the independent reference it must equal, column for column, for intents in
// every state: times (UTC), the amount's Decimal, JSON payloads, approvals in order with emails,
// used and unused tokens, and nulls.

const POLICY = `
version: 1
default: require_approval
rules:
  - id: allow-small
    match: { action: payment.refund }
    when: { all: [ { field: amount, op: lt, value: 100 } ] }
    decision: allow
    reason: small
  - id: deny-deletes
    match: { action: "crm.delete" }
    decision: deny
    reason: never
  - id: two-people
    match: { action: email.send }
    decision: require_approval
    approvals: 2
    sla: 1h
`;

/** The ORM's read, in IntentRow's shape (the relations' fields IntentRow declares). */
async function ormRow(orgId: string, intentId: string) {
  const row = await orgDb(orgId).intent.findFirst({ where: { id: intentId }, include: INTENT_INCLUDE });
  if (!row) return null;
  const { agent, approvals, executionTokens, ...intent } = row;
  return {
    ...intent,
    agent,
    approvals: approvals.map((a) => ({
      userId: a.userId, decision: a.decision, reason: a.reason, note: a.note, createdAt: a.createdAt, credentialId: a.credentialId, user: a.user,
    })),
    executionTokens: [...executionTokens].sort((x, y) => x.id.localeCompare(y.id)),
  };
}

const sortedTokens = <T extends { executionTokens: { id: string }[] }>(row: T | null) =>
  row && { ...row, executionTokens: [...row.executionTokens].sort((x, y) => x.id.localeCompare(y.id)) };

describe("readIntentRow", () => {
  it("equals the ORM's read of the same intent in every state", async () => {
    const org = await createTestOrg();
    const agent = await org.agent();
    await org.setPolicy(POLICY);
    const a1 = await org.user("approver");
    const a2 = await org.user("approver");
    const propose = async (body: Record<string, unknown>) => (await call("POST", "/api/v1/intents", { token: agent.key, body })).body;

    const allowed = await propose({ action: "payment.refund", amount: 12.345, currency: "usd", payload: { charge: "ch_1", note: "é ☃ 𝄞", nested: { list: [1, null, true] } }, risk_tags: ["payment"] });
    const executed = await propose({ action: "payment.refund", amount: 1, payload: {} });
    await call("POST", `/api/v1/intents/${executed.id}/execute`, { token: agent.key, body: { execution_token: executed.execution_token, payload_hash: executed.payload_hash } });
    await call("POST", `/api/v1/intents/${executed.id}/result`, { token: agent.key, body: { status: "succeeded", output: { ok: 1 } } });
    const denied = await propose({ action: "crm.delete", payload: { id: 7 } });
    const pending = await propose({ action: "email.send", payload: { to: 400 }, summary: { title: "Send", next_effect: "mail" }, rationale: "why", context: { confidence: 0.9 } });
    const approved = await propose({ action: "email.send", payload: { to: 1 } });
    const reason = { reason: "checked" };
    await call("POST", `/api/v1/approvals/${pending.id}/approve`, { token: a1.token, body: reason });
    await call("POST", `/api/v1/approvals/${approved.id}/approve`, { token: a1.token, body: reason });
    expect((await call("POST", `/api/v1/approvals/${approved.id}/approve`, { token: a2.token, body: { ...reason, note: "second" } })).body.status).toBe("approved");
    const rejected = await propose({ action: "email.send", payload: { to: 2 } });
    await call("POST", `/api/v1/approvals/${rejected.id}/reject`, { token: a2.token, body: { reason: "no" } });

    const ids = [allowed.id, executed.id, denied.id, pending.id, approved.id, rejected.id];
    for (const id of ids) {
      const orm = await ormRow(org.orgId, id);
      expect(orm, id).not.toBeNull();
      expect(sortedTokens(await readIntentRow(org.ctx, id)), id).toEqual(orm);
      // and inside a transaction (the approval's path), through the ORM's raw runner
      expect(sortedTokens(await org.ctx.tx((tx) => readIntentRow(org.ctx, id, tx))), id).toEqual(orm);
    }
    // The states are what the test meant to build.
    expect(await Promise.all(ids.map(async (id) => (await readIntentRow(org.ctx, id))?.status))).toEqual(["allowed", "succeeded", "denied", "pending_approval", "approved", "rejected"]);
    const two = await readIntentRow(org.ctx, approved.id);
    expect(two?.approvals.map((a) => a.user?.email)).toEqual([a1.email, a2.email]);
    expect(two?.executionTokens).toHaveLength(1);
    expect((await readIntentRow(org.ctx, allowed.id))?.amount?.toString()).toBe("12.345");
  });

  it("answers null for another agent's intent, another org's, and one that does not exist", async () => {
    const org = await createTestOrg();
    const mine = await org.agent();
    const other = await org.agent();
    await org.setPolicy(POLICY);
    const intent = (await call("POST", "/api/v1/intents", { token: mine.key, body: { action: "payment.refund", amount: 5, payload: {} } })).body;
    const asAgent = (agentId: string, name: string): Principal => ({ kind: "agent", orgId: org.orgId, agentId, agentName: name });

    expect((await readIntentRow(contextOf(asAgent(mine.id, mine.name)), intent.id))?.id).toBe(intent.id);
    expect(await readIntentRow(contextOf(asAgent(other.id, other.name)), intent.id)).toBeNull();
    expect(await readIntentRow((await createTestOrg()).ctx, intent.id)).toBeNull();
    expect(await readIntentRow(org.ctx, "int_missing")).toBeNull();
  });
});
