import { createGroup, listGroups } from "@/lib/domain/groups/reviewer-groups";
import { operations } from "@/lib/http/operations";
import { created, route } from "@/lib/http/route";

// POST /api/v1/groups — create a reviewer group (admin)
export const POST = route(operations.createGroup, async ({ ctx, body }) => created(await createGroup(ctx, body)));

// GET /api/v1/groups — list reviewer groups (admin)
export const GET = route(operations.listGroups, async ({ ctx, query }) => listGroups(ctx, query));
