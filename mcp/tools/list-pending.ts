import { z } from "zod";
import { ZIntentView, intentView } from "../intent-view";
import { defineTool } from "../tool";

export const listPending = defineTool({
  name: "list_pending",
  title: "List your requests awaiting approval",
  description:
    "List your own requests that are still waiting for a human decision (status pending_approval), newest first. " +
    "Use it to resume after a restart: wait_for_approval on each, or leave them. When next_cursor is not null, " +
    "call again with it for the next page.",
  inputSchema: z.object({
    cursor: z.string().min(1).max(512).optional().describe("next_cursor from the previous page."),
    limit: z.number().int().min(1).max(200).default(50).describe("Items per page (1–200, default 50)."),
  }),
  outputSchema: z.object({
    items: z.array(ZIntentView),
    next_cursor: z.string().nullable().describe("Pass to the next call to get more; null on the last page."),
  }),
  annotations: { readOnlyHint: true, openWorldHint: false },
  async run(client, { cursor, limit }, extra) {
    const page = await client.intents.list({ status: "pending_approval", cursor, limit }, { signal: extra.signal });
    return { items: page.items.map(intentView), next_cursor: page.next_cursor };
  },
});
