import { createWebhook } from "@/lib/domain/webhooks/create-webhook";
import { listWebhooks } from "@/lib/domain/webhooks/list-webhooks";
import { operations } from "@/lib/http/operations";
import { created, route } from "@/lib/http/route";

// GET /api/v1/webhooks — the org's webhooks, never their secrets (admin)
export const GET = route(operations.listWebhooks, async ({ ctx, query }) => listWebhooks(ctx, query));

// POST /api/v1/webhooks — create a webhook; its signing secret is shown once (admin)
export const POST = route(operations.createWebhook, async ({ ctx, body }) => created(await createWebhook(ctx, body)));
