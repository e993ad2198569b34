import { rotateWebhookSecret } from "@/lib/domain/webhooks/rotate-webhook-secret";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// POST /api/v1/webhooks/{id}/rotate-secret — a new signing secret, shown once (admin)
export const POST = route(operations.rotateWebhookSecret, async ({ ctx, params, body }) => rotateWebhookSecret(ctx, params.id, body));
