import { executeIntent } from "@/lib/domain/intents/execute-intent";
import { route } from "@/lib/http/route";
import { ZExecuteIntent } from "@/lib/schemas/intents";

// POST /api/v1/intents/{id}/execute — spend the single-use execution token
export const POST = route({ caller: "agent", body: ZExecuteIntent }, async ({ auth, params, body }) =>
  executeIntent(auth, params.id, body),
);
