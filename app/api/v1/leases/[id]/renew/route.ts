import { renewLease } from "@/lib/domain/leases/renew-lease";
import { route } from "@/lib/http/route";
import { ZRenewLease } from "@/lib/schemas/leases";

// POST /api/v1/leases/{id}/renew — narrowing applies at once; widening by the agent goes to the queue
export const POST = route({ caller: "any", body: ZRenewLease }, async ({ auth, params, body }) => {
  const lease = await renewLease(auth, params.id, body);
  return Response.json(lease, { status: lease.renewal.applied ? 200 : 202 });
});
