import { beginStepUp } from "@/lib/domain/passkeys/step-up";
import { route } from "@/lib/http/route";
import { ZEmptyBody } from "@/lib/schemas/common";

// POST /api/v1/approvals/{intent_id}/step-up — WebAuthn options bound to this approval (dashboard session, publisher+)
export const POST = route({ caller: "user", role: "approver", body: ZEmptyBody }, async ({ auth, params }) => beginStepUp(auth, params.intentId));
