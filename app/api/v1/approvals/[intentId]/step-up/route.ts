import { beginStepUp } from "@/lib/domain/passkeys/step-up";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// POST /api/v1/approvals/{intent_id}/step-up — WebAuthn options bound to this approval (dashboard session, publisher+)
export const POST = route(operations.beginStepUp, async ({ ctx, params }) => beginStepUp(ctx, params.intentId));
