import { validatePolicyText } from "@/lib/domain/policies/validate-policy-text";
import { route } from "@/lib/http/route";
import { ZValidatePolicy } from "@/lib/schemas/policy";

// POST /api/v1/policy/validate — check a candidate document without saving it: ok + snapshot, or every issue (viewer+)
export const POST = route({ caller: "user", role: "viewer", body: ZValidatePolicy }, async ({ body }) =>
  validatePolicyText(body.policy, body.format),
);
