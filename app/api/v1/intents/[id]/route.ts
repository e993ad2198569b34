import { getIntent } from "@/lib/domain/intents/find-intent";
import { waitForIntent } from "@/lib/domain/intents/wait-for-intent";
import { route } from "@/lib/http/route";
import { ZWaitQuery } from "@/lib/schemas/intents";

// GET /api/v1/intents/{id}[?wait=N] — the intent; with wait, held until it leaves pending_approval
export const GET = route({ caller: "any", query: ZWaitQuery }, async ({ auth, params, query, req }) =>
  query.wait ? waitForIntent(auth, params.id, query.wait, req.signal) : getIntent(auth, params.id),
);
