import { removeMember, updateMemberRole } from "@/lib/domain/members/change-member";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// PATCH /api/v1/members/{user_id} — change a member's role (admin)
export const PATCH = route(operations.updateMember, async ({ ctx, body, params }) =>
  updateMemberRole(ctx, params.userId, body.role),
);

// DELETE /api/v1/members/{user_id} — remove a member and revoke their tokens (admin)
export const DELETE = route(operations.removeMember, async ({ ctx, params }) => removeMember(ctx, params.userId));
