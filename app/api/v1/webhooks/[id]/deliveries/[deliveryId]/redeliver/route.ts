import { redeliverDelivery } from "@/lib/domain/webhooks/redeliver-delivery";
import { route } from "@/lib/http/route";
import { ZEmptyBody } from "@/lib/schemas/common";

// POST /api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver — queue it again with fresh attempts (admin)
export const POST = route({ caller: "user", role: "admin", body: ZEmptyBody }, async ({ auth, params }) =>
  Response.json(await redeliverDelivery(auth, params.id, params.deliveryId), { status: 202 }),
);
