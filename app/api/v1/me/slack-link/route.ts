import { linkSlack } from "@/lib/slack/link";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// POST /api/v1/me/slack-link — link the Slack user of a link Tollgate sent in Slack to you (dashboard session)
export const POST = route(operations.linkSlack, async ({ ctx, body }) => linkSlack(ctx, body.token));
