import { listDeliveries } from "@/lib/domain/webhooks/list-deliveries";
import { route } from "@/lib/http/route";
import { ZListDeliveriesQuery } from "@/lib/schemas/webhooks";

// GET /api/v1/webhooks/{id}/deliveries — the delivery log with each delivery's attempts (admin)
export const GET = route({ caller: "user", role: "admin", query: ZListDeliveriesQuery }, async ({ auth, params, query }) =>
  listDeliveries(auth.orgId, params.id, query),
);
