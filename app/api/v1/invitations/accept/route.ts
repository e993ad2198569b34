import { signedInUserId } from "@/lib/auth/signed-in-user";
import { acceptInvitation } from "@/lib/domain/members/accept-invitation";
import { operations } from "@/lib/http/operations";
import { created, route } from "@/lib/http/route";

// POST /api/v1/invitations/accept — join with the link's token: a new account, or the signed-in one
export const POST = route(operations.acceptInvitation, async ({ body, req }) =>
  created(await acceptInvitation(body, await signedInUserId(req))),
);
