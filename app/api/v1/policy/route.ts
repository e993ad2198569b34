import { getPolicy } from "@/lib/domain/policies/get-policy";
import { putPolicy } from "@/lib/domain/policies/put-policy";
import { policyFormat } from "@/lib/domain/policies/read-policy-text";
import { readBodyText } from "@/lib/http/read-body";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// GET /api/v1/policy — the active document and its snapshot (viewer+)
export const GET = route(operations.getPolicy, async ({ ctx }) => getPolicy(ctx));

// PUT /api/v1/policy — save a new version, YAML or JSON by Content-Type (admin)
export const PUT = route(operations.putPolicy, async ({ ctx, req }) => {
  const format = policyFormat(req.headers.get("content-type"));
  return putPolicy(ctx, await readBodyText(req), format);
});
