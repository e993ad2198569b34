import { z } from "zod";
import { ZIntentView, intentView } from "../intent-view";
import { defineTool } from "../tool";
import { ZIntentId } from "./intent-id";

export const cancelRequest = defineTool({
  name: "cancel_request",
  title: "Withdraw a pending request",
  description:
    "Withdraw one of your requests that is still pending_approval, so nobody approves an action you will no longer perform " +
    "(for example after giving up waiting or changing plans). Fails with already_resolved once a human has decided.",
  inputSchema: z.object({
    intent_id: ZIntentId,
    reason: z.string().max(2000).optional().describe("Why it is withdrawn; reviewers and the audit trail see it."),
  }),
  outputSchema: ZIntentView,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(client, { intent_id, reason }, extra) {
    return intentView(await client.intents.cancel(intent_id, reason ? { reason } : {}, { signal: extra.signal }));
  },
});
