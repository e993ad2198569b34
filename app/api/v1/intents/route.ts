import { listIntents } from "@/lib/domain/intents/list-intents";
import { proposeIntent } from "@/lib/domain/intents/propose-intent";
import { operations } from "@/lib/http/operations";
import { reply, route } from "@/lib/http/route";

// POST /api/v1/intents — an agent proposes an intent; the policy decides at once
export const POST = route(operations.proposeIntent, async ({ ctx, body, req }) => {
  const { intent, replayed } = await proposeIntent(ctx, body, req.headers.get("idempotency-key"));
  return reply(replayed ? 200 : 201, intent);
});

// GET /api/v1/intents — agents list their own, members their org's
export const GET = route(operations.listIntents, async ({ ctx, query }) => {
  const { limit, cursor, ...filters } = query;
  return listIntents(ctx, filters, { limit, cursor });
});
