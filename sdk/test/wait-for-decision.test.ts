import { describe, expect, it } from "vitest";
import { TollgateError, TollgateTimeoutError } from "../src/index.ts";
import { type Handler, apiError, clientWith, connectionRefused, intent, json } from "./fake-fetch.ts";

const FAST = { baseDelayMs: 5, maxDelayMs: 20, minPollIntervalMs: 10 };
const pending = () => json(intent({ status: "pending_approval" }));
const approved = () => json(intent({ status: "approved", execution_token: "tg_exec_1" }));

/** A long-poll that holds until the request is aborted, as the server does while nobody decides. */
const held: Handler = (call) => new Promise<Response>((_, reject) => call.signal?.addEventListener("abort", () => reject(call.signal?.reason)));

describe("waitForDecision", () => {
  it("rides out a refused connection, a 503 and a 429, long-polls while pending, and returns the decided intent", async () => {
    const answers: Handler[] = [
      () => {
        throw connectionRefused();
      },
      () => apiError(503, "service_unavailable"),
      () => new Response(JSON.stringify({ error: { code: "rate_limited", message: "slow down" } }), { status: 429, headers: { "retry-after": "0.15" } }),
      pending,
      approved,
    ];
    const { client, calls } = clientWith((call, i) => answers[i](call, i));
    const started = Date.now();
    const result = await client.waitForDecision("int_1", { timeoutMs: 5000, pollSeconds: 45, retry: FAST });
    expect(result.status).toBe("approved");
    expect(result.execution_token).toBe("tg_exec_1");
    expect(calls).toHaveLength(5);
    for (const call of calls) {
      expect(call.method).toBe("GET");
      expect(call.url.pathname).toBe("/api/v1/intents/int_1");
      expect(call.url.searchParams.get("wait")).toBe("45");
    }
    // The 429's Retry-After (150 ms) was waited out.
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });

  it("never asks the server to hold longer than 60 seconds", async () => {
    const { client, calls } = clientWith(approved);
    await client.waitForDecision("int_1", { timeoutMs: 5000, pollSeconds: 600 });
    expect(calls[0].url.searchParams.get("wait")).toBe("60");
  });

  it("throws TollgateTimeoutError when the overall timeout passes during a held long-poll", async () => {
    const { client, calls } = clientWith(held);
    const started = Date.now();
    const error = await client.waitForDecision("int_1", { timeoutMs: 200, retry: FAST }).catch((e) => e);
    expect(error).toBeInstanceOf(TollgateTimeoutError);
    expect(error).toMatchObject({ intentId: "int_1", timeoutMs: 200 });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(calls).toHaveLength(1);
  });

  it("throws TollgateTimeoutError, not the network error, when the server stays unreachable until the timeout", async () => {
    const { client, calls } = clientWith(() => {
      throw connectionRefused();
    });
    const error = await client.waitForDecision("int_1", { timeoutMs: 250, retry: FAST }).catch((e) => e);
    expect(error).toBeInstanceOf(TollgateTimeoutError);
    expect(calls.length).toBeGreaterThan(2);
  });

  it("keeps polling while the intent stays pending (say, one of two approvals in), then times out", async () => {
    const { client, calls } = clientWith(pending);
    const error = await client.waitForDecision("int_1", { timeoutMs: 300, retry: { ...FAST, minPollIntervalMs: 50 } }).catch((e) => e);
    expect(error).toBeInstanceOf(TollgateTimeoutError);
    // A pending answer that came back at once is followed by a pause: no busy loop.
    expect(calls.length).toBeGreaterThanOrEqual(3);
    expect(calls.length).toBeLessThanOrEqual(8);
  });

  it("rejects with the signal's reason as soon as it aborts", async () => {
    const { client } = clientWith(held);
    const controller = new AbortController();
    const waiting = client.waitForDecision("int_1", { timeoutMs: 60_000, signal: controller.signal }).catch((e) => e);
    setTimeout(() => controller.abort(new Error("agent shutting down")), 50);
    const started = Date.now();
    const error = await waiting;
    expect(error.message).toBe("agent shutting down");
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("throws errors that retrying cannot fix at once", async () => {
    const { client, calls } = clientWith(() => apiError(404, "not_found", "Intent not found"));
    const error = await client.waitForDecision("int_1", { timeoutMs: 5000, retry: FAST }).catch((e) => e);
    expect(error).toBeInstanceOf(TollgateError);
    expect(error.code).toBe("not_found");
    expect(calls).toHaveLength(1);
  });
});
