import { markReview } from "@/lib/domain/reviews/reviews";
import { route } from "@/lib/http/route";
import { ZMarkReview } from "@/lib/schemas/reviews";

// POST /api/v1/reviews/{id} — mark a sampled auto-allow right or wrong (approver+)
export const POST = route({ caller: "user", role: "approver", body: ZMarkReview }, async ({ auth, params, body }) => markReview(auth, params.id, body));
