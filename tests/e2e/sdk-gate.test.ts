import { randomUUID } from "node:crypto";
import { IntentDeniedError, IntentRejectedError, TollgateTimeoutError, gate, type Intent } from "@tollgate/sdk";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { type LiveAgent, liveOrg } from "./sdk-fixtures";

// gate() end to end against the production build, under the demo policy.
let live: Awaited<ReturnType<typeof liveOrg>>;
beforeAll(async () => {
  live = await liveOrg();
});

interface Refund {
  charge: string;
  amount: number;
}

/** A refund tool gated like an agent would gate it; `seen` collects the intents it went through. */
function gatedRefund(agent: LiveAgent, options: { leaseId?: string; onPending?: (intent: Intent) => void; timeoutMs?: number; confidence?: number } = {}) {
  const tool = vi.fn(async (refund: Refund) => ({ refund_id: `re_${refund.charge}`, amount: refund.amount }));
  const gated = gate(tool, {
    client: agent.client,
    action: "payment.refund",
    environment: "production",
    destination: "api.stripe.com",
    amount: (refund) => refund.amount,
    currency: "USD",
    riskTags: ["payment"],
    leaseId: options.leaseId,
    context: { confidence: options.confidence ?? 0.95 },
    onPending: options.onPending,
    timeoutMs: options.timeoutMs,
  });
  return { tool, gated };
}

/** The intent the agent proposed last, read back from the API. */
async function lastIntent(agent: LiveAgent) {
  const { items } = await agent.client.intents.list({ limit: 1 });
  return items[0];
}

const charge = () => `ch_${randomUUID().slice(0, 8)}`;

describe("gate() against the running app", () => {
  it("runs an allowed call at once and records it as succeeded with the tool's output", async () => {
    const agent = await live.agent();
    const { tool, gated } = gatedRefund(agent);
    const refund = { charge: charge(), amount: 30 };
    expect(await gated(refund)).toEqual({ refund_id: `re_${refund.charge}`, amount: 30 });
    expect(tool).toHaveBeenCalledOnce();
    const intent = await lastIntent(agent);
    expect(intent).toMatchObject({ status: "succeeded", decision: { rule_id: "small-refunds" }, payload: refund, result: { output: { amount: 30 } } });
  });

  it("waits for a human, runs once approved, and records success", async () => {
    const agent = await live.agent();
    const onPending = vi.fn((intent: Intent) => {
      void live.admin.approvals.approve(intent.id, { reason: "Checked the order" });
    });
    const { tool, gated } = gatedRefund(agent, { onPending });
    await gated({ charge: charge(), amount: 250 });
    expect(onPending).toHaveBeenCalledOnce();
    expect(tool).toHaveBeenCalledOnce();
    const intent = await lastIntent(agent);
    expect(intent.status).toBe("succeeded");
    expect(intent.approvals).toEqual([expect.objectContaining({ decision: "approve", reason: "Checked the order", user_email: live.org.admin.email })]);
  });

  it("throws IntentRejectedError with the reviewer's reason when a human rejects", async () => {
    const agent = await live.agent();
    const { tool, gated } = gatedRefund(agent, {
      onPending: (intent) => void live.admin.approvals.reject(intent.id, { reason: "Refund already issued manually" }),
    });
    const error = await gated({ charge: charge(), amount: 400 }).catch((e) => e);
    expect(error).toBeInstanceOf(IntentRejectedError);
    expect(error).toMatchObject({ reasonCode: "rejected", reason: "Refund already issued manually", reviewer: live.org.admin.email });
    expect(error.intent.status).toBe("rejected");
    expect(tool).not.toHaveBeenCalled();
  });

  it("throws IntentDeniedError with the policy's reason_code when the policy denies", async () => {
    const agent = await live.agent();
    const remove = vi.fn();
    const error = await gate(remove, { client: agent.client, action: "crm.delete_contact", environment: "production" })({ contact: 42 }).catch((e) => e);
    expect(error).toBeInstanceOf(IntentDeniedError);
    expect(error).toMatchObject({ reasonCode: "destructive_action", reason: "Agents never delete CRM records; archive instead" });
    expect(remove).not.toHaveBeenCalled();
    expect((await lastIntent(agent)).status).toBe("denied");
  });

  it("carries a lease's reason codes: out_of_scope and spend_limit_exceeded", async () => {
    const agent = await live.agent();
    const lease = await agent.client.leases.create(
      { capabilities: ["payment.refund"], destinations: ["api.stripe.com"], spend_limit: { amount: 100, currency: "USD" }, ttl: "1h", purpose: "Refund duplicates" },
      { idempotencyKey: randomUUID() },
    );
    expect(lease.status).toBe("pending_approval");
    await live.admin.approvals.approve(lease.request_intent_id!, { reason: "Scope is narrow" });
    expect((await agent.client.leases.get(lease.id)).status).toBe("active");

    const inside = gatedRefund(agent, { leaseId: lease.id, confidence: 0.5 });
    await inside.gated({ charge: charge(), amount: 60 });
    expect(await lastIntent(agent)).toMatchObject({ status: "succeeded", decision: { reason_code: "within_lease" } });

    const overSpend = await inside.gated({ charge: charge(), amount: 60 }).catch((e) => e);
    expect(overSpend).toBeInstanceOf(IntentDeniedError);
    expect(overSpend.reasonCode).toBe("spend_limit_exceeded");

    const email = vi.fn();
    const outside = await gate(email, { client: agent.client, action: "email.send", leaseId: lease.id })({ to: "a@example.com" }).catch((e) => e);
    expect(outside).toBeInstanceOf(IntentDeniedError);
    expect(outside.reasonCode).toBe("out_of_scope");
    expect(email).not.toHaveBeenCalled();
    expect((await agent.client.leases.get(lease.id)).spent).toBe(60);
  });

  it("withdraws the proposal and throws TollgateTimeoutError when nobody decides in time", async () => {
    const agent = await live.agent();
    const { tool, gated } = gatedRefund(agent, { timeoutMs: 1500 });
    const error = await gated({ charge: charge(), amount: 500 }).catch((e) => e);
    expect(error).toBeInstanceOf(TollgateTimeoutError);
    expect(tool).not.toHaveBeenCalled();
    expect((await lastIntent(agent)).status).toBe("cancelled");
  });
});
