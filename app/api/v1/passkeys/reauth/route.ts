import { beginPasskeyReauth } from "@/lib/domain/passkeys/prove-enrollment";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// POST /api/v1/passkeys/reauth — options for confirming with an existing passkey before adding another (dashboard session)
export const POST = route(operations.passkeyReauth, async ({ ctx }) => beginPasskeyReauth(ctx));
