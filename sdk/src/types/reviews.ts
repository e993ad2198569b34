import type { PageParams } from "./common.js";
import type { Intent } from "./intents.js";

export interface Review {
  id: string;
  intent: Intent;
  rule_id: string;
  verdict: "right" | "wrong" | null;
  note: string | null;
  reviewer_id: string | null;
  reviewed_at: string | null;
  created_at: string;
}

export interface ListReviewsParams extends PageParams {
  status?: "pending" | "reviewed" | "all";
}
