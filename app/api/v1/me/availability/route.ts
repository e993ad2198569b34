import { setAvailability } from "@/lib/domain/members/set-availability";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// PUT /api/v1/me/availability — mark yourself away (assignment skips you) or back
export const PUT = route(operations.setAvailability, async ({ ctx, body }) => setAvailability(ctx, body.away_until));
