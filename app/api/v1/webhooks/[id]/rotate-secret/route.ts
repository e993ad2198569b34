import { rotateWebhookSecret } from "@/lib/domain/webhooks/rotate-webhook-secret";
import { route } from "@/lib/http/route";
import { ZRotateWebhookSecret } from "@/lib/schemas/webhooks";

// POST /api/v1/webhooks/{id}/rotate-secret — a new signing secret, shown once (admin)
export const POST = route({ caller: "user", role: "admin", body: ZRotateWebhookSecret }, async ({ auth, params, body }) =>
  rotateWebhookSecret(auth, params.id, body),
);
