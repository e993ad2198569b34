import { removePasskey } from "@/lib/domain/passkeys/manage-passkeys";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// DELETE /api/v1/passkeys/{id} — remove one of your passkeys (dashboard session)
export const DELETE = route(operations.removePasskey, async ({ ctx, params }) => removePasskey(ctx, params.id));
