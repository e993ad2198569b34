import { randomUUID } from "node:crypto";
import { TollgateError, TollgateTimeoutError, isTollgateError } from "@tollgate/sdk";
import { beforeAll, describe, expect, it } from "vitest";
import { type LiveAgent, liveOrg } from "./sdk-fixtures";

// The SDK against the production build: every call here crosses HTTP to `next start`.
let live: Awaited<ReturnType<typeof liveOrg>>;
let agent: LiveAgent;
beforeAll(async () => {
  live = await liveOrg();
  agent = await live.agent();
});

const bigRefund = (amount = 250) => ({
  action: "payment.refund",
  environment: "production",
  amount,
  currency: "USD",
  payload: { charge: `ch_${randomUUID().slice(0, 8)}`, amount },
});

describe("SDK intents against the running app", () => {
  it("proposes an allowed intent, executes it with its token and reports the result", async () => {
    expect(await agent.client.me()).toMatchObject({ kind: "agent", id: agent.id, name: agent.name });
    const intent = await agent.client.intents.propose({ action: "crm.read", destination: "crm.example.com", payload: { contact: 42 } });
    expect(intent).toMatchObject({ status: "allowed", decision: { outcome: "allow", rule_id: "reads" } });
    expect(intent.execution_token).toMatch(/^tg_exec_/);
    expect(intent.payload_hash).toMatch(/^sha256:[0-9a-f]{64}$/);

    const executing = await agent.client.intents.execute(intent.id, { execution_token: intent.execution_token!, payload_hash: intent.payload_hash });
    expect(executing.status).toBe("executing");
    const done = await agent.client.intents.reportResult(intent.id, { status: "succeeded", output: { name: "Ada" } });
    expect(done.status).toBe("succeeded");

    const seen = await live.admin.intents.get(intent.id);
    expect(seen).toMatchObject({ status: "succeeded", result: { status: "succeeded", output: { name: "Ada" } } });
    const { items } = await agent.client.intents.decisions(intent.id);
    expect(items.map((d) => d.kind)).toEqual(["policy", "execution"]);
  });

  it("refuses a second execute with the same token as a typed token_used", async () => {
    const intent = await agent.client.intents.propose({ action: "crm.read", payload: { contact: 7 } });
    const spend = () => agent.client.intents.execute(intent.id, { execution_token: intent.execution_token!, payload_hash: intent.payload_hash });
    await spend();
    const error = await spend().catch((e) => e);
    expect(isTollgateError(error, "token_used")).toBe(true);
    expect(error).toMatchObject({ status: 409, code: "token_used" });
  });

  it("answers a repeated proposal with the original intent, and refuses the key with another body", async () => {
    const idempotencyKey = randomUUID();
    const body = { action: "crm.read", payload: { contact: 99 } };
    const first = await agent.client.intents.propose(body, { idempotencyKey });
    const again = await agent.client.intents.propose(body, { idempotencyKey });
    expect(again.id).toBe(first.id);
    const error = await agent.client.intents.propose({ ...body, payload: { contact: 100 } }, { idempotencyKey }).catch((e) => e);
    expect(error).toBeInstanceOf(TollgateError);
    expect(error).toMatchObject({ status: 409, code: "idempotency_conflict" });
  });

  it("waitForDecision wakes as soon as an admin approves through the API", async () => {
    const pending = await agent.client.intents.propose(bigRefund());
    expect(pending).toMatchObject({ status: "pending_approval", decision: { reason_code: "approval_required", rule_id: "large-refunds" } });
    let approvedAt = 0;
    const waiting = agent.client.waitForDecision(pending.id, { timeoutMs: 30_000, pollSeconds: 25 }).then((intent) => ({ intent, wokeAt: Date.now() }));
    await new Promise((resolve) => setTimeout(resolve, 700));
    await live.admin.approvals.approve(pending.id, { reason: "Duplicate charge confirmed" }).then(() => (approvedAt = Date.now()));
    const { intent, wokeAt } = await waiting;
    expect(intent.status).toBe("approved");
    expect(intent.execution_token).toMatch(/^tg_exec_/);
    // The held request answered on the approval, not at the end of its 25 s.
    expect(wokeAt - approvedAt).toBeLessThan(3000);
    await agent.client.intents.execute(intent.id, { execution_token: intent.execution_token!, payload_hash: intent.payload_hash });
  });

  it("waitForDecision gives up with TollgateTimeoutError while nobody decides", async () => {
    const pending = await agent.client.intents.propose(bigRefund(300));
    const started = Date.now();
    const error = await agent.client.waitForDecision(pending.id, { timeoutMs: 1500 }).catch((e) => e);
    expect(error).toBeInstanceOf(TollgateTimeoutError);
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await agent.client.intents.cancel(pending.id, { reason: "test over" })).status).toBe("cancelled");
  });

  it("listAll pages through every intent with the cursor, newest first", async () => {
    const reader = await live.agent();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await reader.client.intents.propose({ action: "docs.read", payload: { doc: i } })).id);
    const firstPage = await reader.client.intents.list({ limit: 2 });
    expect(firstPage.items).toHaveLength(2);
    expect(firstPage.next_cursor).toEqual(expect.any(String));
    const listed: string[] = [];
    for await (const intent of reader.client.intents.listAll({ limit: 2 })) listed.push(intent.id);
    expect(listed).toEqual([...ids].reverse());
    const filtered: string[] = [];
    for await (const intent of live.admin.intents.listAll({ agent: reader.name, status: "allowed", limit: 3 })) filtered.push(intent.id);
    expect(filtered.sort()).toEqual([...ids].sort());
  });

  it("streams an intent.pending event to a member while it happens", async () => {
    const signal = AbortSignal.timeout(20_000);
    let resolveOpen: () => void = () => {};
    const opened = new Promise<void>((resolve) => (resolveOpen = resolve));
    const stream = live.admin.events.stream({ signal, onOpen: () => resolveOpen() });
    const received = (async () => {
      for await (const event of stream) {
        if (event.type === "intent.pending") return event;
      }
      throw new Error("the stream ended without an intent.pending event");
    })();
    await opened;
    const pending = await agent.client.intents.propose(bigRefund(120));
    const event = await received;
    expect(event).toMatchObject({ type: "intent.pending", data: { id: pending.id, status: "pending_approval", action: "payment.refund" } });
    expect(event.id).toMatch(/^evt_/);
    expect(event.seq).toMatch(/^\d+$/);
    await agent.client.intents.cancel(pending.id);
  });
});
