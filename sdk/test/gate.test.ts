import { describe, expect, it, vi } from "vitest";
import { IntentDeniedError, IntentRejectedError, TollgateTimeoutError, gate } from "../src/index.ts";
import { type RecordedCall, apiError, clientWith, connectionRefused, intent, json } from "./fake-fetch.ts";

const FAST = { baseDelayMs: 5, maxDelayMs: 20 };
type Route = (call: RecordedCall) => Response | Promise<Response>;

/** A fake Tollgate: one handler per "METHOD /path" (ids included), anything else a 404. */
function server(routes: Record<string, Route>) {
  return clientWith((call) => {
    const route = routes[`${call.method} ${call.url.pathname}`];
    return route ? route(call) : apiError(404, "not_found", `no fake for ${call.method} ${call.url.pathname}`);
  });
}

const body = (call: RecordedCall) => JSON.parse(call.body ?? "{}");
const allowed = intent({ status: "allowed", execution_token: "tg_exec_1", payload_hash: "sha256:p1" });
const executing = () => json(intent({ status: "executing" }));
const finished = (call: RecordedCall) => json(intent({ status: body(call).status }));

describe("gate", () => {
  it("proposes, executes with the token and hash, runs the tool and reports its output when allowed", async () => {
    const { client, calls } = server({
      "POST /api/v1/intents": () => json(allowed, 201),
      "POST /api/v1/intents/int_1/execute": executing,
      "POST /api/v1/intents/int_1/result": finished,
    });
    const send = vi.fn(async (input: { to: string[]; subject: string }) => ({ sent: input.to.length }));
    const gated = gate(send, {
      client,
      action: "email.send",
      destination: "smtp.internal.example.com",
      riskTags: ["outreach"],
      summary: (input) => ({ title: `Send "${input.subject}" to ${input.to.length}` }),
    });
    const result = await gated({ to: ["a@example.com", "b@example.com"], subject: "Hi" });

    expect(result).toEqual({ sent: 2 });
    expect(send).toHaveBeenCalledOnce();
    expect(calls.map((c) => `${c.method} ${c.url.pathname}`)).toEqual([
      "POST /api/v1/intents",
      "POST /api/v1/intents/int_1/execute",
      "POST /api/v1/intents/int_1/result",
    ]);
    expect(body(calls[0])).toEqual({
      action: "email.send",
      destination: "smtp.internal.example.com",
      risk_tags: ["outreach"],
      summary: { title: 'Send "Hi" to 2' },
      payload: { to: ["a@example.com", "b@example.com"], subject: "Hi" },
    });
    expect(calls[0].headers["idempotency-key"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(body(calls[1])).toEqual({ execution_token: "tg_exec_1", payload_hash: "sha256:p1" });
    expect(body(calls[2])).toEqual({ status: "succeeded", output: { sent: 2 } });
  });

  it("retries a proposal that got no answer with the same Idempotency-Key; each call gets its own key", async () => {
    let proposals = 0;
    const { client, calls } = server({
      "POST /api/v1/intents": () => {
        proposals += 1;
        if (proposals === 1) throw connectionRefused();
        return json(allowed, proposals === 2 ? 201 : 200);
      },
      "POST /api/v1/intents/int_1/execute": executing,
      "POST /api/v1/intents/int_1/result": finished,
    });
    const gated = gate(async (n: number) => n * 2, { client, action: "math.double", retry: FAST });
    expect(await gated(21)).toBe(42);
    await gated(1);
    const keys = calls.filter((c) => c.url.pathname === "/api/v1/intents").map((c) => c.headers["idempotency-key"]);
    expect(keys).toHaveLength(3);
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).not.toBe(keys[0]);
    // A number is not an object: the output wraps it.
    expect(body(calls.find((c) => c.url.pathname.endsWith("/result"))!)).toEqual({ status: "succeeded", output: { value: 42 } });
  });

  it("waits for a human when the policy asks for one, then runs on approval", async () => {
    const { client, calls } = server({
      "POST /api/v1/intents": () => json(intent({ status: "pending_approval" }), 201),
      "GET /api/v1/intents/int_1": () => json(intent({ status: "approved", execution_token: "tg_exec_2" })),
      "POST /api/v1/intents/int_1/execute": executing,
      "POST /api/v1/intents/int_1/result": finished,
    });
    const onPending = vi.fn();
    const tool = vi.fn(async () => "done");
    expect(await gate(tool, { client, action: "deploy.release", onPending, pollSeconds: 5 })()).toBe("done");
    expect(onPending).toHaveBeenCalledWith(expect.objectContaining({ id: "int_1", status: "pending_approval" }));
    expect(calls[1].url.searchParams.get("wait")).toBe("5");
    expect(body(calls[2]).execution_token).toBe("tg_exec_2");
    expect(tool).toHaveBeenCalledOnce();
  });

  it("throws IntentDeniedError with the decision's reason code and never runs the tool", async () => {
    const denied = intent({
      status: "denied",
      decision: { ...intent().decision, outcome: "deny", reason: "Over the lease's remaining spend", reason_code: "spend_limit_exceeded" },
    });
    const { client, calls } = server({ "POST /api/v1/intents": () => json(denied, 201) });
    const tool = vi.fn();
    const error = await gate(tool, { client, action: "payment.refund", amount: 900, currency: "USD" })({ charge: "ch_1" }).catch((e) => e);
    expect(error).toBeInstanceOf(IntentDeniedError);
    expect(error).toMatchObject({ reasonCode: "spend_limit_exceeded", reason: "Over the lease's remaining spend" });
    expect(error.intent.id).toBe("int_1");
    expect(tool).not.toHaveBeenCalled();
    expect(calls).toHaveLength(1);
    expect(body(calls[0])).toMatchObject({ amount: 900, currency: "USD" });
  });

  it("throws IntentRejectedError carrying the reviewer's reason", async () => {
    const rejected = intent({
      status: "rejected",
      approvals: [{ user_id: "usr_1", user_email: "alice@example.com", decision: "reject", reason: "Wrong customer list", note: null, at: "2025-01-01T00:00:00Z" }],
    });
    const { client } = server({
      "POST /api/v1/intents": () => json(intent({ status: "pending_approval" }), 201),
      "GET /api/v1/intents/int_1": () => json(rejected),
    });
    const tool = vi.fn();
    const error = await gate(tool, { client, action: "email.send" })({}).catch((e) => e);
    expect(error).toBeInstanceOf(IntentRejectedError);
    expect(error).toMatchObject({ reasonCode: "rejected", reason: "Wrong customer list", reviewer: "alice@example.com" });
    expect(tool).not.toHaveBeenCalled();
  });

  it("reports a failing tool as failed with its message and rethrows the tool's own error", async () => {
    const { client, calls } = server({
      "POST /api/v1/intents": () => json(allowed, 201),
      "POST /api/v1/intents/int_1/execute": executing,
      "POST /api/v1/intents/int_1/result": finished,
    });
    const boom = new Error("SMTP 550: mailbox unavailable");
    const error = await gate(async () => {
      throw boom;
    }, { client, action: "email.send" })().catch((e) => e);
    expect(error).toBe(boom);
    expect(body(calls[2])).toEqual({ status: "failed", error: "SMTP 550: mailbox unavailable" });
  });

  it("cancels the proposal and throws TollgateTimeoutError when nobody decides in time", async () => {
    const { client, calls } = server({
      "POST /api/v1/intents": () => json(intent({ status: "pending_approval" }), 201),
      "GET /api/v1/intents/int_1": () => json(intent({ status: "pending_approval" })),
      "POST /api/v1/intents/int_1/cancel": () => json(intent({ status: "cancelled" })),
    });
    const tool = vi.fn();
    const error = await gate(tool, { client, action: "email.send", timeoutMs: 150 })().catch((e) => e);
    expect(error).toBeInstanceOf(TollgateTimeoutError);
    expect(calls.at(-1)?.url.pathname).toBe("/api/v1/intents/int_1/cancel");
    expect(tool).not.toHaveBeenCalled();
  });

  it("runs after all when the approval landed as the wait ran out (cancel answers already_resolved)", async () => {
    let reads = 0;
    const { client } = server({
      "POST /api/v1/intents": () => json(intent({ status: "pending_approval" }), 201),
      "GET /api/v1/intents/int_1": () => json(intent(++reads === 1 ? { status: "pending_approval" } : { status: "approved", execution_token: "tg_exec_3" })),
      "POST /api/v1/intents/int_1/cancel": () => apiError(409, "already_resolved", "Intent is already approved"),
      "POST /api/v1/intents/int_1/execute": executing,
      "POST /api/v1/intents/int_1/result": finished,
    });
    expect(await gate(async () => "ran", { client, action: "email.send", timeoutMs: 100 })()).toBe("ran");
  });

  it("does not run the tool twice when execute's answer was lost but the token was spent", async () => {
    const { client, calls } = server({
      "POST /api/v1/intents": () => json(allowed, 201),
      "POST /api/v1/intents/int_1/execute": () => {
        throw connectionRefused();
      },
      // The server got it: the intent is executing.
      "GET /api/v1/intents/int_1": executing,
      "POST /api/v1/intents/int_1/result": finished,
    });
    const tool = vi.fn(async () => ({ ok: true }));
    await gate(tool, { client, action: "email.send", retry: FAST })();
    expect(tool).toHaveBeenCalledOnce();
    expect(calls.filter((c) => c.url.pathname.endsWith("/execute"))).toHaveLength(1);
    expect(calls.at(-1)?.url.pathname).toBe("/api/v1/intents/int_1/result");
  });
});
