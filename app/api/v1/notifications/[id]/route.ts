import { getNotification } from "@/lib/domain/notify/list-notifications";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// GET /api/v1/notifications/{id} — one notification, with an email's text and HTML (admin)
export const GET = route(operations.getNotification, async ({ ctx, params }) => getNotification(ctx, params.id));
