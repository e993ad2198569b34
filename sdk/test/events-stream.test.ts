import { describe, expect, it } from "vitest";
import { TollgateError } from "../src/index.ts";
import { SseParser } from "../src/sse-parser.ts";
import { type RecordedCall, apiError, clientWith } from "./fake-fetch.ts";

const encoder = new TextEncoder();

/** An SSE response sending `chunks`, then closing, or staying open until the request is aborted. */
function sse(call: RecordedCall, chunks: string[], keepOpen = false): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      if (!keepOpen) return controller.close();
      call.signal?.addEventListener("abort", () => controller.error(call.signal?.reason));
    },
  });
  return new Response(body, { headers: { "content-type": "text/event-stream" } });
}

const event = (seq: number, type: string, intentId: string) =>
  `id: ${seq}\nevent: ${type}\ndata: ${JSON.stringify({ id: `evt_${seq}`, type, created_at: "2025-01-01T00:00:00.000Z", data: { id: intentId, status: "pending_approval", action: "email.send" } })}\n\n`;

describe("SseParser", () => {
  it("assembles events from chunks split anywhere, including inside a CRLF", () => {
    const parser = new SseParser();
    const stream = "retry: 1500\r\n: connected\r\n\r\nid: 7\r\nevent: intent.pending\r\ndata: {\"a\":\r\ndata: 1}\r\n\r\n";
    const messages = [];
    for (const piece of [stream.slice(0, 9), stream.slice(9, 26), stream.slice(26, 27), stream.slice(27, 55), stream.slice(55)]) {
      messages.push(...parser.push(piece));
    }
    expect(messages).toEqual([{ event: "intent.pending", data: '{"a":\n1}', id: "7" }]);
    expect(parser.retryMs).toBe(1500);
  });

  it("keeps the last id for events without one and ignores comments and unknown fields", () => {
    const parser = new SseParser();
    const messages = parser.push("id: 3\ndata: x\n\n: keep-alive\n\nfoo: bar\ndata: y\n\n");
    expect(messages).toEqual([
      { event: "message", data: "x", id: "3" },
      { event: "message", data: "y", id: "3" },
    ]);
  });
});

describe("events.stream", () => {
  it("yields parsed events and reconnects with Last-Event-ID after the server closes the stream", async () => {
    const { client, calls } = clientWith(
      (call, i) =>
        i === 0
          ? sse(call, ["retry: 10\n: connected\n\n", event(1, "intent.pending", "int_a"), event(2, "intent.resolved", "int_a")])
          : sse(call, [": connected\n\n", event(3, "intent.pending", "int_b")], true),
      { token: "tg_user_test" },
    );
    let opened = 0;
    const seen = [];
    for await (const e of client.events.stream({ onOpen: () => opened++ })) {
      seen.push(e);
      if (seen.length === 3) break;
    }
    expect(seen.map((e) => [e.seq, e.type, e.data.id])).toEqual([
      ["1", "intent.pending", "int_a"],
      ["2", "intent.resolved", "int_a"],
      ["3", "intent.pending", "int_b"],
    ]);
    expect(seen[0]).toMatchObject({ id: "evt_1", created_at: "2025-01-01T00:00:00.000Z", data: { status: "pending_approval" } });
    expect(opened).toBe(2);
    expect(calls).toHaveLength(2);
    expect(calls[0].headers["last-event-id"]).toBeUndefined();
    expect(calls[0].headers.accept).toBe("text/event-stream");
    expect(calls[1].headers["last-event-id"]).toBe("2");
    // Leaving the loop closed the open connection.
    expect(calls[1].signal?.aborted).toBe(true);
  });

  it("starts from lastEventId when given, and retries a 503", async () => {
    const { client, calls } = clientWith((call, i) => (i === 0 ? apiError(503, "service_unavailable") : sse(call, [event(10, "intent.pending", "int_c")], true)));
    const stream = client.events.stream({ lastEventId: "9" });
    const first = await stream.next();
    await stream.return();
    expect(first.value).toMatchObject({ seq: "10", data: { id: "int_c" } });
    expect(calls.map((c) => c.headers["last-event-id"])).toEqual(["9", "9"]);
  });

  it("throws a 401 instead of retrying it", async () => {
    const { client, calls } = clientWith(() => apiError(401, "unauthorized", "Missing or invalid bearer token"));
    const error = await client.events.stream().next().catch((e) => e);
    expect(error).toBeInstanceOf(TollgateError);
    expect(error.code).toBe("unauthorized");
    expect(calls).toHaveLength(1);
  });

  it("is not cut off by the client's per-request timeout", async () => {
    const { client } = clientWith((call) => sse(call, [": connected\n\n"], true), { token: "tg_user_test", timeoutMs: 50 });
    const controller = new AbortController();
    const stream = client.events.stream({ signal: controller.signal, reconnect: false });
    const next = stream.next();
    const outcome = await Promise.race([next.then(() => "ended"), new Promise((resolve) => setTimeout(() => resolve("still open"), 200))]);
    expect(outcome).toBe("still open");
    controller.abort();
    expect((await next).done).toBe(true);
  });

  it("ends quietly when the signal aborts", async () => {
    const { client } = clientWith((call) => sse(call, [": connected\n\n"], true));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const seen = [];
    for await (const e of client.events.stream({ signal: controller.signal })) seen.push(e);
    expect(seen).toEqual([]);
  });
});
