import { requestSignup } from "@/lib/domain/auth/sign-up";
import { operations } from "@/lib/http/operations";
import { publicOrigin } from "@/lib/http/public-origin";
import { reply, route } from "@/lib/http/route";

// POST /api/v1/auth/signup — a new account, verified by a mailed link; 202 whether or not the email has one
export const POST = route(operations.signup, async ({ body, req }) => {
  requestSignup(body, publicOrigin(req));
  return reply(202, { accepted: true as const });
});
