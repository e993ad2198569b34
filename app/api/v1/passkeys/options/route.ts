import { beginRegistration } from "@/lib/domain/passkeys/manage-passkeys";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// POST /api/v1/passkeys/options — WebAuthn registration options (dashboard session)
export const POST = route(operations.passkeyOptions, async ({ auth }) => beginRegistration(auth));
