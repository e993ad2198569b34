import { removeMember, updateMemberRole } from "@/lib/domain/members/change-member";
import { route } from "@/lib/http/route";
import { ZUpdateMember } from "@/lib/schemas/members";

// PATCH /api/v1/members/{user_id} — change a member's role (admin)
export const PATCH = route({ caller: "user", role: "admin", body: ZUpdateMember }, async ({ auth, body, params }) =>
  updateMemberRole(auth, params.userId, body.role),
);

// DELETE /api/v1/members/{user_id} — remove a member and revoke their tokens (admin)
export const DELETE = route({ caller: "user", role: "admin" }, async ({ auth, params }) => removeMember(auth, params.userId));
