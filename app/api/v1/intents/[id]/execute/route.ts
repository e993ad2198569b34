import { executeIntent } from "@/lib/domain/intents/execute-intent";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// POST /api/v1/intents/{id}/execute — spend the single-use execution token
export const POST = route(operations.executeIntent, async ({ ctx, params, body }) =>
  executeIntent(ctx, params.id, body),
);
