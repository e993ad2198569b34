/** One dispatched Server-Sent Event. */
export interface SseMessage {
  event: string;
  data: string;
  /** The last event id seen so far in the stream (the `id:` field sticks until changed). */
  id: string;
}

/**
 * An incremental parser for the `text/event-stream` format (WHATWG HTML §9.2): feed it decoded
 * text in chunks of any size; it returns the events each chunk completes. Comment lines (":")
 * are ignored; `retry:` updates `retryMs`.
 */
export class SseParser {
  lastEventId = "";
  retryMs: number | undefined;
  private buffer = "";
  private data: string[] = [];
  private event = "";
  private endedInCR = false;

  push(chunk: string): SseMessage[] {
    // A "\r\n" split across two chunks is one line ending, not two.
    const text = this.endedInCR && chunk.startsWith("\n") ? chunk.slice(1) : chunk;
    this.endedInCR = chunk.endsWith("\r");
    this.buffer += text;
    const lines = this.buffer.split(/\r\n|\r|\n/);
    // The last piece has no line ending yet.
    this.buffer = lines.pop() ?? "";
    const messages: SseMessage[] = [];
    for (const line of lines) {
      const message = this.line(line);
      if (message) messages.push(message);
    }
    return messages;
  }

  private line(line: string): SseMessage | null {
    if (line === "") return this.dispatch();
    if (line.startsWith(":")) return null;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") this.data.push(value);
    else if (field === "event") this.event = value;
    else if (field === "id" && !value.includes("\0")) this.lastEventId = value;
    else if (field === "retry" && /^\d+$/.test(value)) this.retryMs = Number(value);
    return null;
  }

  private dispatch(): SseMessage | null {
    const data = this.data;
    const event = this.event;
    this.data = [];
    this.event = "";
    if (data.length === 0) return null;
    return { event: event || "message", data: data.join("\n"), id: this.lastEventId };
  }
}
