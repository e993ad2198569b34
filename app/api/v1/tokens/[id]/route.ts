import { revokePersonalToken } from "@/lib/domain/auth/revoke-personal-token";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// DELETE /api/v1/tokens/{id} — revoke one of the caller's own tokens; dead at once (viewer+)
export const DELETE = route(operations.revokeToken, async ({ ctx, params }) => revokePersonalToken(ctx, params.id));
