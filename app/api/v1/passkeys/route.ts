import { finishRegistration, listPasskeys } from "@/lib/domain/passkeys/manage-passkeys";
import { operations } from "@/lib/http/operations";
import { created, route } from "@/lib/http/route";

// GET /api/v1/passkeys — the signed-in user's passkeys
export const GET = route(operations.listPasskeys, async ({ ctx }) => listPasskeys(ctx));

// POST /api/v1/passkeys — register a passkey from a WebAuthn attestation (dashboard session)
export const POST = route(operations.registerPasskey, async ({ ctx, body }) =>
  created(await finishRegistration(ctx, body as Parameters<typeof finishRegistration>[1])),
);
