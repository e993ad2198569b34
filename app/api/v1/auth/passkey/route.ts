import { beginPasskeyLogin } from "@/lib/domain/passkeys/passkey-login";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// POST /api/v1/auth/passkey — options for signing in with a passkey (the sign-in itself goes through next-auth)
export const POST = route(operations.beginPasskeyLogin, async () => beginPasskeyLogin());
