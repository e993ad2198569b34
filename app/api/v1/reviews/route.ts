import { listReviews } from "@/lib/domain/reviews/reviews";
import { route } from "@/lib/http/route";
import { ZListReviewsQuery } from "@/lib/schemas/reviews";

// GET /api/v1/reviews — the review-after queue of sampled auto-allowed intents (viewer+)
export const GET = route({ caller: "user", role: "viewer", query: ZListReviewsQuery }, async ({ auth, query }) =>
  listReviews(auth, query.status, { limit: query.limit, cursor: query.cursor }),
);
