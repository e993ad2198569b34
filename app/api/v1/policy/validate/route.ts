import { validatePolicyText } from "@/lib/domain/policies/validate-policy-text";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// POST /api/v1/policy/validate — check a candidate document without saving it: ok + snapshot, or every issue (viewer+)
export const POST = route(operations.validatePolicy, async ({ body }) =>
  validatePolicyText(body.policy, body.format),
);
