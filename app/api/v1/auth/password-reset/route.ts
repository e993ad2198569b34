import { requestPasswordReset } from "@/lib/domain/auth/password-reset";
import { operations } from "@/lib/http/operations";
import { publicOrigin } from "@/lib/http/public-origin";
import { reply, route } from "@/lib/http/route";

// POST /api/v1/auth/password-reset — email a reset link if the account exists; 202 either way
export const POST = route(operations.requestPasswordReset, async ({ body, req }) => {
  requestPasswordReset(body.email, publicOrigin(req));
  return reply(202, { accepted: true as const });
});
