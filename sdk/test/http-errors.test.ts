import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { TollgateError, TollgateNetworkError, isRetryable, isTollgateError } from "../src/index.ts";
import { VERSION } from "../src/version.ts";
import { apiError, clientWith, connectionRefused, intent, json } from "./fake-fetch.ts";

describe("error mapping", () => {
  it("turns the contract's error body into a TollgateError with status, code, message and details", async () => {
    const { client } = clientWith(() => apiError(409, "token_used", "This execution token has already been used", { intent_id: "int_1" }));
    const error = await client.intents.execute("int_1", { execution_token: "tg_exec_x", payload_hash: "sha256:a" }).catch((e) => e);
    expect(error).toBeInstanceOf(TollgateError);
    expect(error).toMatchObject({ status: 409, code: "token_used", message: "This execution token has already been used", details: { intent_id: "int_1" } });
    expect(isTollgateError(error, "token_used")).toBe(true);
    expect(isTollgateError(error, "token_expired")).toBe(false);
    expect(isRetryable(error)).toBe(false);
  });

  it("keeps validation issues in details", async () => {
    const issues = [{ path: ["action"], message: "Required" }];
    const { client } = clientWith(() => apiError(422, "validation_failed", "Invalid request: action: Required", { issues }));
    const error = await client.intents.propose({ action: "" }).catch((e) => e);
    expect(isTollgateError(error, "validation_failed") && error.details?.issues).toEqual(issues);
  });

  it("reads the request id of a 500 from its message, or from an x-request-id header", async () => {
    const id = "0f8fad5b-d9cb-469f-a165-70867728950e";
    const fromMessage = await clientWith(() => apiError(500, "internal_error", `Internal error (request ${id})`))
      .client.me()
      .catch((e) => e);
    expect(fromMessage).toMatchObject({ status: 500, code: "internal_error", requestId: id });
    expect(isRetryable(fromMessage)).toBe(true);
    const fromHeader = await clientWith(() => new Response("upstream down", { status: 502, headers: { "x-request-id": "req_9" } }))
      .client.me()
      .catch((e) => e);
    expect(fromHeader).toMatchObject({ status: 502, code: "http_error", requestId: "req_9" });
    expect(fromHeader.message).toContain("upstream down");
  });

  it("parses Retry-After on a 429 and counts it retryable", async () => {
    const { client } = clientWith(() => new Response(JSON.stringify({ error: { code: "rate_limited", message: "slow down" } }), { status: 429, headers: { "retry-after": "3" } }));
    const error = await client.me().catch((e) => e);
    expect(error).toMatchObject({ code: "rate_limited", retryAfterMs: 3000 });
    expect(isRetryable(error)).toBe(true);
  });

  it("throws TollgateNetworkError when nothing answers, and when the request times out", async () => {
    const refused = await clientWith(() => {
      throw connectionRefused();
    })
      .client.me()
      .catch((e) => e);
    expect(refused).toBeInstanceOf(TollgateNetworkError);
    expect(refused).not.toBeInstanceOf(TollgateError);
    expect(isRetryable(refused)).toBe(true);

    const hanging = clientWith(
      (call) =>
        new Promise<Response>((_, reject) => call.signal?.addEventListener("abort", () => reject(call.signal?.reason))),
      { timeoutMs: 50 },
    );
    const timedOut = await hanging.client.me().catch((e) => e);
    expect(timedOut).toBeInstanceOf(TollgateNetworkError);
    expect(timedOut.message).toMatch(/timed out after 50 ms/);
  });

  it("rejects with the caller's own abort reason, not a network error", async () => {
    const { client } = clientWith((call) => new Promise<Response>((_, reject) => call.signal?.addEventListener("abort", () => reject(call.signal?.reason))));
    const controller = new AbortController();
    const pending = client.me({ signal: controller.signal }).catch((e) => e);
    controller.abort(new Error("user stopped"));
    expect((await pending).message).toBe("user stopped");
  });

  it("calls a 2xx body that is not JSON invalid_response", async () => {
    const error = await clientWith(() => new Response("<html>", { status: 200 }))
      .client.me()
      .catch((e) => e);
    expect(error).toMatchObject({ status: 200, code: "invalid_response" });
  });
});

describe("requests", () => {
  it("sends the bearer token, a versioned User-Agent, JSON and the Idempotency-Key", async () => {
    const { client, calls } = clientWith(() => json(intent(), 201));
    await client.intents.propose({ action: "email.send", payload: { to: "a@example.com" } }, { idempotencyKey: "key-1" });
    const [call] = calls;
    expect(call.method).toBe("POST");
    expect(call.url.href).toBe("http://tollgate.test/api/v1/intents");
    expect(call.headers).toMatchObject({
      authorization: "Bearer tg_agent_test",
      "content-type": "application/json",
      "idempotency-key": "key-1",
      "user-agent": `tollgate-sdk-js/${VERSION}`,
    });
    expect(JSON.parse(call.body!)).toEqual({ action: "email.send", payload: { to: "a@example.com" } });
  });

  it("builds query strings from list filters, skipping what is unset", async () => {
    const { client, calls } = clientWith(() => json({ items: [], next_cursor: null }));
    await client.intents.list({ status: "pending_approval", agent: undefined, limit: 5 });
    await client.approvals.list({ include_resolved: true, risk_tag: "payment" });
    await client.metrics({ from: new Date("2025-01-01T00:00:00Z"), action: "email.send" });
    expect(calls.map((c) => c.url.pathname + c.url.search)).toEqual([
      "/api/v1/intents?status=pending_approval&limit=5",
      "/api/v1/approvals?include_resolved=true&risk_tag=payment",
      "/api/v1/metrics?from=2025-01-01T00%3A00%3A00.000Z&action=email.send",
    ]);
  });

  it("escapes ids in paths", async () => {
    const { client, calls } = clientWith(() => json(intent()));
    await client.intents.get("../agents/x?y");
    expect(calls[0].url.pathname).toBe("/api/v1/intents/..%2Fagents%2Fx%3Fy");
  });

  it("sends a policy as YAML text or as a JSON object", async () => {
    const { client, calls } = clientWith(() => json({ snapshot: "sha256:x", version: 1, rules: 0 }));
    await client.policy.put("version: 1\ndefault: deny\nrules: []\n");
    await client.policy.put({ version: 1, default: "deny", rules: [] });
    expect(calls[0].headers["content-type"]).toBe("application/yaml");
    expect(calls[0].body).toBe("version: 1\ndefault: deny\nrules: []\n");
    expect(calls[1].headers["content-type"]).toBe("application/json");
    expect(JSON.parse(calls[1].body!)).toEqual({ version: 1, default: "deny", rules: [] });
  });

  it("listAll follows next_cursor until the last page", async () => {
    const pages: Record<string, { items: { id: string }[]; next_cursor: string | null }> = {
      "": { items: [{ id: "a" }, { id: "b" }], next_cursor: "c1" },
      c1: { items: [{ id: "c" }], next_cursor: "c2" },
      c2: { items: [], next_cursor: null },
    };
    const { client, calls } = clientWith((call) => json(pages[call.url.searchParams.get("cursor") ?? ""]));
    const ids: string[] = [];
    for await (const item of client.intents.listAll({ action: "x", limit: 2 })) ids.push(item.id);
    expect(ids).toEqual(["a", "b", "c"]);
    expect(calls.map((c) => c.url.searchParams.get("action"))).toEqual(["x", "x", "x"]);
  });

  it("keeps VERSION equal to package.json's version", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    expect(VERSION).toBe(pkg.version);
  });
});
