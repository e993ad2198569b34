import { verifyEmail } from "@/lib/domain/auth/verify-email";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// POST /api/v1/auth/verify-email — the mailed link's token marks its account verified
export const POST = route(operations.verifyEmail, async ({ body }) => verifyEmail(body.token));
