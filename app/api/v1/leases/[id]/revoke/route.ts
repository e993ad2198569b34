import { revokeLease } from "@/lib/domain/leases/revoke-lease";
import { route } from "@/lib/http/route";
import { ZRevokeLease } from "@/lib/schemas/leases";

// POST /api/v1/leases/{id}/revoke — revoked at once, by a member or the agent holding it
export const POST = route({ caller: "any", body: ZRevokeLease }, async ({ auth, params, body }) => revokeLease(auth, params.id, body));
