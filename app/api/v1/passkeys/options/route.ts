import { beginRegistration } from "@/lib/domain/passkeys/manage-passkeys";
import { route } from "@/lib/http/route";
import { ZEmptyBody } from "@/lib/schemas/common";

// POST /api/v1/passkeys/options — WebAuthn registration options (dashboard session)
export const POST = route({ caller: "user", role: "viewer", body: ZEmptyBody }, async ({ auth }) => beginRegistration(auth));
