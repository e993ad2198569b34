import { cancelIntent } from "@/lib/domain/intents/finish-intent";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// POST /api/v1/intents/{id}/cancel — withdraw a pending proposal
export const POST = route(operations.cancelIntent, async ({ ctx, params, body }) =>
  cancelIntent(ctx, params.id, body),
);
