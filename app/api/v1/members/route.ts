import { addMember } from "@/lib/domain/members/add-member";
import { listMembers } from "@/lib/domain/members/list-members";
import { created, route } from "@/lib/http/route";
import { ZAddMember, ZListQuery } from "@/lib/schemas/members";

// GET /api/v1/members — the org's members (viewer+)
export const GET = route({ caller: "user", role: "viewer", query: ZListQuery }, async ({ auth, query }) => listMembers(auth.orgId, query));

// POST /api/v1/members — add a member (admin)
export const POST = route({ caller: "user", role: "admin", body: ZAddMember }, async ({ auth, body }) => created(await addMember(auth, body)));
