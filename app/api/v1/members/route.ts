import { addMember } from "@/lib/domain/members/add-member";
import { listMembers } from "@/lib/domain/members/list-members";
import { operations } from "@/lib/http/operations";
import { created, route } from "@/lib/http/route";

// GET /api/v1/members — the org's members (viewer+)
export const GET = route(operations.listMembers, async ({ auth, query }) => listMembers(auth.orgId, query));

// POST /api/v1/members — add a member (admin)
export const POST = route(operations.addMember, async ({ auth, body }) => created(await addMember(auth, body)));
