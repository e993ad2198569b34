import { createUserToken } from "@/lib/domain/auth/create-user-token";
import { clientAddress } from "@/lib/http/client-address";
import { limitTokenRequests } from "@/lib/http/limit-token-requests";
import { created, route } from "@/lib/http/route";
import { ZCreateToken } from "@/lib/schemas/members";

// POST /api/v1/auth/token — exchange email + password for a personal access token
export const POST = route({ caller: "public", body: ZCreateToken }, async ({ body, req }) => {
  await limitTokenRequests(req);
  return created(await createUserToken(body, clientAddress(req)));
});
