import { getPreferences, setPreferences } from "@/lib/domain/notify/preferences";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// GET /api/v1/me/notifications — your notification choices in this organization
export const GET = route(operations.getNotificationPreferences, async ({ ctx }) => getPreferences(ctx));

// PUT /api/v1/me/notifications — choose events per channel, mutes, the digest
export const PUT = route(operations.setNotificationPreferences, async ({ ctx, body }) => setPreferences(ctx, body));
