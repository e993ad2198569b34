import type { WebhookEvent } from "./webhooks.js";

/** One Server-Sent Event of GET /api/v1/events: the event body plus its stream position. */
export interface StreamEvent extends WebhookEvent {
  /** The SSE `id:` (a sequence number): pass it as `lastEventId` to resume after this event. */
  seq: string;
}

export interface StreamOptions {
  /** Resume after this event (its `seq`); without it the stream starts with new events. */
  lastEventId?: string;
  /** Stops the stream: the iterator then ends without an error. */
  signal?: AbortSignal;
  /** Reconnect after a dropped connection, a 5xx or a 429 (default true). */
  reconnect?: boolean;
  /** Called each time a connection is established (the server has sent its first bytes). */
  onOpen?: () => void;
}
