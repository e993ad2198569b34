import { listPolicyVersions } from "@/lib/domain/policies/get-policy";
import { route } from "@/lib/http/route";
import { ZPolicyVersionsQuery } from "@/lib/schemas/policy";

// GET /api/v1/policy/versions — version history, newest first (viewer+)
export const GET = route({ caller: "user", role: "viewer", query: ZPolicyVersionsQuery }, async ({ auth, query }) =>
  listPolicyVersions(auth.orgId, query),
);
