import { beginRegistration } from "@/lib/domain/passkeys/manage-passkeys";
import { clientAddress } from "@/lib/http/client-address";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// POST /api/v1/passkeys/options — WebAuthn registration options, after a password or passkey confirmation (dashboard session)
export const POST = route(operations.passkeyOptions, async ({ ctx, body, req }) => beginRegistration(ctx, body, clientAddress(req)));
