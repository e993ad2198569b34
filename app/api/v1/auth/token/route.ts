import { createUserToken } from "@/lib/domain/auth/create-user-token";
import { clientAddress } from "@/lib/http/client-address";
import { operations } from "@/lib/http/operations";
import { created, route } from "@/lib/http/route";

// POST /api/v1/auth/token — exchange email + password for a personal access token
export const POST = route(operations.createUserToken, async ({ body, req }) =>
  created(await createUserToken(body, clientAddress(req))),
);
