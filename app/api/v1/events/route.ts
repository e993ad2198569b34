import { streamEvents } from "@/lib/domain/events/stream-events";
import { holdSlot } from "@/lib/http/open-slots";
import { operations } from "@/lib/http/operations";
import { eventStreamsPerCaller } from "@/lib/http/rate-limits";
import { route, stillAuthorized } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// GET /api/v1/events — Server-Sent Events of the caller's organization (viewer+); the stream ends
// once the caller's token or session no longer admits them (re-checked every EVENTS_AUTH_RECHECK_MS).
// A caller holds at most EVENT_STREAMS_PER_CALLER streams at once; the slot is freed when the stream ends.
export const GET = route(operations.streamEvents, async ({ ctx, req }) => {
  const release = holdSlot(eventStreamsPerCaller(), ctx.principal, req.signal);
  try {
    return streamEvents(ctx, req.headers.get("last-event-id"), req.signal, {
      stillAuthorized: () => stillAuthorized(req, operations.streamEvents, ctx.principal),
      onClose: release,
    });
  } catch (error) {
    release();
    throw error;
  }
});
