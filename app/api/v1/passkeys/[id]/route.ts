import { removePasskey } from "@/lib/domain/passkeys/manage-passkeys";
import { route } from "@/lib/http/route";

// DELETE /api/v1/passkeys/{id} — remove one of your passkeys (dashboard session)
export const DELETE = route({ caller: "user", role: "viewer" }, async ({ auth, params }) => removePasskey(auth, params.id));
