import { getIntent } from "@/lib/domain/intents/find-intent";
import { waitForIntent } from "@/lib/domain/intents/wait-for-intent";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// GET /api/v1/intents/{id}[?wait=N] — the intent; with wait, held until it leaves pending_approval
export const GET = route(operations.getIntent, async ({ ctx, params, query, req }) =>
  query.wait ? waitForIntent(ctx, params.id, query.wait, req.signal) : getIntent(ctx, params.id),
);
