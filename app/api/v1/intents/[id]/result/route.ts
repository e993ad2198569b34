import { reportResult } from "@/lib/domain/intents/finish-intent";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// POST /api/v1/intents/{id}/result — report how the execution went
export const POST = route(operations.reportIntentResult, async ({ ctx, params, body }) =>
  reportResult(ctx, params.id, body),
);
