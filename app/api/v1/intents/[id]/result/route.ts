import { reportResult } from "@/lib/domain/intents/finish-intent";
import { route } from "@/lib/http/route";
import { ZReportResult } from "@/lib/schemas/intents";

// POST /api/v1/intents/{id}/result — report how the execution went
export const POST = route({ caller: "agent", body: ZReportResult }, async ({ auth, params, body }) =>
  reportResult(auth, params.id, body),
);
