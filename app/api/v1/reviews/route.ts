import { listReviews } from "@/lib/domain/reviews/reviews";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// GET /api/v1/reviews — the review-after queue of sampled auto-allowed intents (viewer+)
export const GET = route(operations.listReviews, async ({ ctx, query }) =>
  listReviews(ctx, query.status, { limit: query.limit, cursor: query.cursor }),
);
