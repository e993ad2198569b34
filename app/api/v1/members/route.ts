import { inviteMember } from "@/lib/domain/members/invite-member";
import { listMembers } from "@/lib/domain/members/list-members";
import { operations } from "@/lib/http/operations";
import { publicOrigin } from "@/lib/http/public-origin";
import { created, route } from "@/lib/http/route";

// GET /api/v1/members — the org's members (viewer+)
export const GET = route(operations.listMembers, async ({ ctx, query }) => listMembers(ctx, query));

// POST /api/v1/members — invite a member: a single-use accept link, never an account (admin)
export const POST = route(operations.inviteMember, async ({ ctx, body, req }) => created(await inviteMember(ctx, body, publicOrigin(req))));
