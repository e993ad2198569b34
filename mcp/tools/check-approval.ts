import { z } from "zod";
import { ZIntentView, intentView } from "../intent-view";
import { defineTool } from "../tool";
import { ZIntentId } from "./intent-id";

export const checkApproval = defineTool({
  name: "check_approval",
  title: "Check an approval request",
  description:
    "Look up one of your requests by intent_id and return its current status and decision at once, without waiting. " +
    "Use wait_for_approval instead when you want to block until a human decides.",
  inputSchema: z.object({ intent_id: ZIntentId }),
  outputSchema: ZIntentView,
  annotations: { readOnlyHint: true, openWorldHint: false },
  async run(client, { intent_id }, extra) {
    return intentView(await client.intents.get(intent_id, { signal: extra.signal }));
  },
});
