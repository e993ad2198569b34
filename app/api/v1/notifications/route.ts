import { listNotifications } from "@/lib/domain/notify/list-notifications";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// GET /api/v1/notifications — the org's emails and Slack messages with their delivery status (admin)
export const GET = route(operations.listNotifications, async ({ ctx, query }) => listNotifications(ctx, query));
