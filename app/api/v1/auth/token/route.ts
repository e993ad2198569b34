import { createUserToken } from "@/lib/domain/auth/create-user-token";
import { operations } from "@/lib/http/operations";
import { created, route } from "@/lib/http/route";

// POST /api/v1/auth/token — exchange email + password for a personal access token
export const POST = route(operations.createUserToken, async ({ body }) => created(await createUserToken(body)));
