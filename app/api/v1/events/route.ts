import { streamEvents } from "@/lib/domain/events/stream-events";
import { operations } from "@/lib/http/operations";
import { route, stillAuthorized } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// GET /api/v1/events — Server-Sent Events of the caller's organization (viewer+); the stream ends
// once the caller's token or session no longer admits them (re-checked every EVENTS_AUTH_RECHECK_MS)
export const GET = route(operations.streamEvents, async ({ ctx, req }) =>
  streamEvents(ctx, req.headers.get("last-event-id"), req.signal, {
    stillAuthorized: () => stillAuthorized(req, operations.streamEvents, ctx.principal),
  }),
);
