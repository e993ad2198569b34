import { delegateLease } from "@/lib/domain/leases/delegate-lease";
import { operations } from "@/lib/http/operations";
import { created, route } from "@/lib/http/route";

// POST /api/v1/leases/{id}/delegate — hand another agent a sub-lease within this lease's scope
export const POST = route(operations.delegateLease, async ({ ctx, params, body }) =>
  created(await delegateLease(ctx, params.id, body)),
);
