import { z } from "zod";
import { ZIntentView, intentView } from "../intent-view";
import { defineTool } from "../tool";
import { ZIntentId } from "./intent-id";

export const reportResult = defineTool({
  name: "report_result",
  title: "Report how an executed action ended",
  description:
    "After performing an action you claimed with execute_approved, record whether it succeeded or failed, " +
    "with its output or error. This closes the request in Tollgate's audit trail.",
  inputSchema: z.object({
    intent_id: ZIntentId,
    status: z.enum(["succeeded", "failed"]).describe("succeeded or failed."),
    output: z.record(z.string(), z.unknown()).optional().describe("What the action produced (ids, counts), as a JSON object."),
    error: z.string().max(10_000).optional().describe("With failed: what went wrong."),
  }),
  outputSchema: ZIntentView,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  async run(client, { intent_id, ...input }, extra) {
    return intentView(await client.intents.reportResult(intent_id, input, { signal: extra.signal }));
  },
});
