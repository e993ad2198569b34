import { listPolicyVersions } from "@/lib/domain/policies/get-policy";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// GET /api/v1/policy/versions — version history, newest first (viewer+)
export const GET = route(operations.listPolicyVersions, async ({ ctx, query }) =>
  listPolicyVersions(ctx, query),
);
