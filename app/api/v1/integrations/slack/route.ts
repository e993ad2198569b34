import { connectSlack, describeSlack, disconnectSlack } from "@/lib/slack/connection";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// GET /api/v1/integrations/slack — the Slack connection, never its secrets (admin)
export const GET = route(operations.getSlack, async ({ ctx }) => describeSlack(ctx));

// PUT /api/v1/integrations/slack — connect a workspace (token checked with Slack), set channels (admin)
export const PUT = route(operations.connectSlack, async ({ ctx, body }) => connectSlack(ctx, body));

// DELETE /api/v1/integrations/slack — disconnect (admin)
export const DELETE = route(operations.disconnectSlack, async ({ ctx }) => disconnectSlack(ctx));
