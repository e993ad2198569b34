import { deleteWebhook } from "@/lib/domain/webhooks/delete-webhook";
import { getWebhook } from "@/lib/domain/webhooks/get-webhook";
import { updateWebhook } from "@/lib/domain/webhooks/update-webhook";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// GET /api/v1/webhooks/{id} — one webhook, without its secret (admin)
export const GET = route(operations.getWebhook, async ({ ctx, params }) => getWebhook(ctx, params.id));

// PATCH /api/v1/webhooks/{id} — change url, events or active (admin)
export const PATCH = route(operations.updateWebhook, async ({ ctx, params, body }) => updateWebhook(ctx, params.id, body));

// DELETE /api/v1/webhooks/{id} — delete it with its delivery log (admin)
export const DELETE = route(operations.deleteWebhook, async ({ ctx, params }) => deleteWebhook(ctx, params.id));
