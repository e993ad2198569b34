import { revokeInvitation } from "@/lib/domain/members/revoke-invitation";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// DELETE /api/v1/invitations/{id} — revoke a pending invitation; its link dies at once (admin)
export const DELETE = route(operations.revokeInvitation, async ({ ctx, params }) => revokeInvitation(ctx, params.id));
