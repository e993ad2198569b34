import { notifications } from "../../db/notifications";
import type { Signal } from "../../db/notifications";
import { setting } from "../../config.mjs";
import type { RequestContext } from "../request-context";

const BATCH = 100;
const HEARTBEAT_MS = 15_000;

/** How often a stream checks that its caller's credential and membership still hold (EVENTS_AUTH_RECHECK_MS, default 30 s). */
export function authRecheckMs(): number {
  return setting("EVENTS_AUTH_RECHECK_MS");
}

export interface StreamGuard {
  /** Whether the caller may still read this org's events (lib/http/route.ts stillAuthorized). */
  stillAuthorized: () => Promise<boolean>;
  /** Between two checks; default authRecheckMs(). */
  intervalMs?: number;
  /** Called once when the stream ends, however it ends: client abort or cancel, the guard, an error. */
  onClose?: () => void;
}

/**
 * GET /events: the org's domain events as Server-Sent Events. Events are read from the events
 * table in seq order, so every instance serves the same stream; a NOTIFY from any instance wakes
 * the reader at once, and a periodic re-read covers a missed notification or no LISTEN (PGlite).
 * `Last-Event-ID` resumes after that event; without it the stream starts with new events.
 * With a `guard`, the stream ends (after a last comment saying why) once the caller's token is
 * revoked or expires, the session ends or the member leaves the org: checked every
 * `guard.intervalMs`, and before events are sent after a longer wait.
 */
export function streamEvents(ctx: RequestContext, lastEventId: string | null, abort: AbortSignal, guard?: StreamGuard): Response {
  const encoder = new TextEncoder();
  const scoped = ctx.db;
  const bus = notifications();
  const recheckMs = bus.enabled ? 2000 : 500;
  const guardMs = guard ? (guard.intervalMs ?? authRecheckMs()) : Number.POSITIVE_INFINITY;

  // Ends the stream's loop (and tells the caller, once) as soon as the client aborts or cancels.
  let stopped = false;
  let wake: (() => void) | null = null;
  const stop = () => {
    if (!stopped) {
      stopped = true;
      guard?.onClose?.();
    }
    wake?.();
  };

  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const onSignal = (signal: Signal) => signal.org_id === ctx.orgId && wake?.();
      bus.on("signal", onSignal);
      abort.addEventListener("abort", stop, { once: true });
      const send = (text: string) => controller.enqueue(encoder.encode(text));
      try {
        let cursor = await startingSeq(lastEventId);
        send(`retry: 2000\n: connected\n\n`);
        let lastWrite = Date.now();
        let checkedAt = Date.now();
        while (!stopped && !abort.aborted) {
          if (guard && Date.now() - checkedAt >= guardMs) {
            if (!(await guard.stillAuthorized())) {
              send(": credential no longer valid\n\n");
              break;
            }
            checkedAt = Date.now();
          }
          const rows = await scoped.event.findMany({ where: { seq: { gt: cursor } }, orderBy: { seq: "asc" }, take: BATCH });
          for (const row of rows) {
            const body = { id: row.id, type: row.type, created_at: row.createdAt.toISOString(), data: row.data };
            send(`id: ${row.seq}\nevent: ${row.type}\ndata: ${JSON.stringify(body)}\n\n`);
            cursor = row.seq;
            lastWrite = Date.now();
          }
          if (rows.length === BATCH) continue;
          if (Date.now() - lastWrite > HEARTBEAT_MS) {
            send(": keep-alive\n\n");
            lastWrite = Date.now();
          }
          if (stopped) break;
          await new Promise<void>((resolve) => {
            const untilGuard = Math.max(0, guardMs - (Date.now() - checkedAt));
            const timer = setTimeout(resolve, Math.min(recheckMs, untilGuard));
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          wake = null;
        }
      } catch {
        // The client went away or the database did; either way this stream is over.
      } finally {
        bus.off("signal", onSignal);
        abort.removeEventListener("abort", stop);
        stop();
        try {
          controller.close();
        } catch {
          // already closed
        }
      }
    },
    cancel: stop,
  });

  async function startingSeq(last: string | null): Promise<bigint> {
    // 18 digits always fit events.seq (a bigint); a larger id was never sent and would end the
    // stream on the first query, so it counts as no id at all.
    if (last && /^\d{1,18}$/.test(last)) return BigInt(last);
    const newest = await scoped.event.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } });
    return newest?.seq ?? 0n;
  }

  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
}
