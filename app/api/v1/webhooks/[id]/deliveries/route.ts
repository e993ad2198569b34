import { listDeliveries } from "@/lib/domain/webhooks/list-deliveries";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// GET /api/v1/webhooks/{id}/deliveries — the delivery log with each delivery's attempts (admin)
export const GET = route(operations.listWebhookDeliveries, async ({ ctx, params, query }) => listDeliveries(ctx, params.id, query));
