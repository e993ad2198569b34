import { delegateLease } from "@/lib/domain/leases/delegate-lease";
import { created, route } from "@/lib/http/route";
import { ZDelegateLease } from "@/lib/schemas/leases";

// POST /api/v1/leases/{id}/delegate — hand another agent a sub-lease within this lease's scope
export const POST = route({ caller: "agent", body: ZDelegateLease }, async ({ auth, params, body }) =>
  created(await delegateLease(auth, params.id, body)),
);
