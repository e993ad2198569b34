import { getIntent } from "@/lib/domain/intents/find-intent";
import { waitForIntent } from "@/lib/domain/intents/wait-for-intent";
import { withSlot } from "@/lib/http/open-slots";
import { operations } from "@/lib/http/operations";
import { longPollsPerCaller } from "@/lib/http/rate-limits";
import { route } from "@/lib/http/route";

// GET /api/v1/intents/{id}[?wait=N] — the intent; with wait, held until it leaves pending_approval
// (at most LONG_POLLS_PER_CALLER held at once per caller)
export const GET = route(operations.getIntent, async ({ ctx, params, query: { wait }, req }) =>
  wait ? withSlot(longPollsPerCaller(), ctx.principal, req.signal, () => waitForIntent(ctx, params.id, wait, req.signal)) : getIntent(ctx, params.id),
);
