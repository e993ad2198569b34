import { finishRegistration, listPasskeys } from "@/lib/domain/passkeys/manage-passkeys";
import { created, route } from "@/lib/http/route";
import { ZRegisterPasskey } from "@/lib/schemas/webauthn";

// GET /api/v1/passkeys — the signed-in user's passkeys
export const GET = route({ caller: "user", role: "viewer" }, async ({ auth }) => listPasskeys(auth));

// POST /api/v1/passkeys — register a passkey from a WebAuthn attestation (dashboard session)
export const POST = route({ caller: "user", role: "viewer", body: ZRegisterPasskey }, async ({ auth, body }) =>
  created(await finishRegistration(auth, body as Parameters<typeof finishRegistration>[1])),
);
