import { revokeLease } from "@/lib/domain/leases/revoke-lease";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// POST /api/v1/leases/{id}/revoke — revoked at once, by a member or the agent holding it
export const POST = route(operations.revokeLease, async ({ ctx, params, body }) => revokeLease(ctx, params.id, body));
