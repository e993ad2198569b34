import { cancelIntent } from "@/lib/domain/intents/finish-intent";
import { route } from "@/lib/http/route";
import { ZCancelIntent } from "@/lib/schemas/intents";

// POST /api/v1/intents/{id}/cancel — withdraw a pending proposal
export const POST = route({ caller: "agent", body: ZCancelIntent }, async ({ auth, params, body }) =>
  cancelIntent(auth, params.id, body),
);
