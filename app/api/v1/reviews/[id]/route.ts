import { markReview } from "@/lib/domain/reviews/reviews";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// POST /api/v1/reviews/{id} — mark a sampled auto-allow right or wrong (approver+)
export const POST = route(operations.markReview, async ({ ctx, params, body }) => markReview(ctx, params.id, body));
