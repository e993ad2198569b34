import { confirmPasswordReset } from "@/lib/domain/auth/password-reset";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// POST /api/v1/auth/password-reset/confirm — set a new password; ends the account's sessions and tokens
export const POST = route(operations.confirmPasswordReset, async ({ body }) => confirmPasswordReset(body.token, body.password));
