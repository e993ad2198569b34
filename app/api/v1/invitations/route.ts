import { listInvitations } from "@/lib/domain/members/list-invitations";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// GET /api/v1/invitations — the org's pending invitations (admin)
export const GET = route(operations.listInvitations, async ({ ctx, query }) => listInvitations(ctx, query));
