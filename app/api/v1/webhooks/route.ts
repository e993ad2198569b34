import { createWebhook } from "@/lib/domain/webhooks/create-webhook";
import { listWebhooks } from "@/lib/domain/webhooks/list-webhooks";
import { created, route } from "@/lib/http/route";
import { ZCreateWebhook, ZListWebhooksQuery } from "@/lib/schemas/webhooks";

// GET /api/v1/webhooks — the org's webhooks, never their secrets (admin)
export const GET = route({ caller: "user", role: "admin", query: ZListWebhooksQuery }, async ({ auth, query }) => listWebhooks(auth.orgId, query));

// POST /api/v1/webhooks — create a webhook; its signing secret is shown once (admin)
export const POST = route({ caller: "user", role: "admin", body: ZCreateWebhook }, async ({ auth, body }) => created(await createWebhook(auth, body)));
