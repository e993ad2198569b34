import { redeliverDelivery } from "@/lib/domain/webhooks/redeliver-delivery";
import { operations } from "@/lib/http/operations";
import { reply, route } from "@/lib/http/route";

// POST /api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver — queue it again with fresh attempts (admin)
export const POST = route(operations.redeliverWebhookDelivery, async ({ ctx, params }) =>
  reply(202, await redeliverDelivery(ctx, params.id, params.deliveryId)),
);
