import { deleteGroup, updateGroup } from "@/lib/domain/groups/reviewer-groups";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// PATCH /api/v1/groups/{name} — rename a group or replace its members (admin)
export const PATCH = route(operations.updateGroup, async ({ ctx, body, params }) => updateGroup(ctx, params.name, body));

// DELETE /api/v1/groups/{name} — delete a group the active policy does not name (admin)
export const DELETE = route(operations.deleteGroup, async ({ ctx, params }) => deleteGroup(ctx, params.name));
