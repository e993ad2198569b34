import { listDecisions } from "@/lib/domain/intents/list-decisions";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// GET /api/v1/intents/{id}/decisions — policy decisions and human resolutions, oldest first
export const GET = route(operations.listIntentDecisions, async ({ ctx, params }) => listDecisions(ctx, params.id));
