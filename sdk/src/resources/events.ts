import { backoffDelay, sleep } from "../backoff.js";
import { TollgateError, TollgateNetworkError, isRetryable } from "../errors.js";
import type { Http } from "../http.js";
import { type SseMessage, SseParser } from "../sse-parser.js";
import type { StreamEvent, StreamOptions } from "../types/events.js";

/** The server's own default (`retry: 2000`), used until it says otherwise. */
const DEFAULT_RECONNECT_MS = 2000;

/** GET /api/v1/events: the organization's domain events as Server-Sent Events (members). */
export class Events {
  constructor(private readonly http: Http) {}

  /**
   * The events as an async iterable. A dropped connection, a 5xx or a 429 reconnects (after the
   * server's `retry:` delay, or backoff while it keeps failing) with `Last-Event-ID`, so nothing is
   * missed or repeated. Other errors (401, 403) are thrown. Aborting the signal or leaving the
   * loop closes the connection and ends the iteration.
   */
  async *stream(options: StreamOptions = {}): AsyncGenerator<StreamEvent, void, undefined> {
    const { signal, reconnect = true } = options;
    let lastEventId = options.lastEventId;
    let reconnectMs = DEFAULT_RECONNECT_MS;
    let failures = 0;
    while (!signal?.aborted) {
      const connection = new AbortController();
      const bound = signal ? AbortSignal.any([signal, connection.signal]) : connection.signal;
      try {
        const res = await this.http.open({
          method: "GET",
          path: "/api/v1/events",
          headers: { accept: "text/event-stream", ...(lastEventId ? { "last-event-id": lastEventId } : {}) },
          signal: bound,
        });
        const parser = new SseParser();
        for await (const chunk of decoded(res, bound)) {
          if (chunk.first) {
            failures = 0;
            options.onOpen?.();
          }
          for (const message of parser.push(chunk.text)) {
            lastEventId = message.id || lastEventId;
            yield toEvent(message);
          }
          reconnectMs = parser.retryMs ?? reconnectMs;
        }
        if (!reconnect) return;
        await sleep(reconnectMs, signal);
      } catch (error) {
        if (signal?.aborted) return;
        if (!reconnect || !isRetryable(error)) throw error;
        await sleep(Math.max(reconnectMs, backoffDelay(failures++)), signal).catch(() => undefined);
      } finally {
        // Leaving the loop early (break, return, throw) lands here too: close the connection.
        connection.abort();
      }
    }
  }
}

/** The body as decoded text chunks; `first` marks the first one of the connection. */
async function* decoded(res: Response, signal: AbortSignal): AsyncGenerator<{ text: string; first: boolean }> {
  if (!res.body) throw new TollgateNetworkError("GET /api/v1/events answered without a body");
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let first = true;
  try {
    for (;;) {
      const { done, value } = await reader.read().catch((error: unknown) => {
        if (signal.aborted) return { done: true as const, value: undefined };
        throw new TollgateNetworkError(`The event stream broke: ${(error as Error)?.message ?? error}`, { cause: error });
      });
      if (done) return;
      yield { text: decoder.decode(value, { stream: true }), first };
      first = false;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

function toEvent(message: SseMessage): StreamEvent {
  let body: Omit<StreamEvent, "seq">;
  try {
    body = JSON.parse(message.data);
  } catch {
    throw new TollgateError({ status: 200, code: "invalid_response", message: `An event's data is not JSON: ${message.data.slice(0, 200)}` });
  }
  return { ...body, type: body.type ?? message.event, seq: message.id };
}
