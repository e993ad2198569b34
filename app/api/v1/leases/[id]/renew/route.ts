import { renewLease } from "@/lib/domain/leases/renew-lease";
import { operations } from "@/lib/http/operations";
import { reply, route } from "@/lib/http/route";

// POST /api/v1/leases/{id}/renew — narrowing applies at once; widening by the agent goes to the queue
export const POST = route(operations.renewLease, async ({ ctx, params, body }) => {
  const lease = await renewLease(ctx, params.id, body);
  return reply(lease.renewal.applied ? 200 : 202, lease);
});
