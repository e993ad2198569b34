import { beginPasskeyLogin } from "@/lib/domain/passkeys/passkey-login";
import { route } from "@/lib/http/route";
import { ZEmptyBody } from "@/lib/schemas/common";

// POST /api/v1/auth/passkey — options for signing in with a passkey (the sign-in itself goes through next-auth)
export const POST = route({ caller: "public", body: ZEmptyBody }, async () => beginPasskeyLogin());
