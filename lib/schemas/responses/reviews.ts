import { z } from "zod";
import { contract } from "../registry";
import { ZList, ZNullableTimestamp, ZTimestamp } from "./common";
import { ZIntent } from "./intents";

/** A sampled auto-allowed intent in the review-after queue. */
export const ZReview = z.object({
  id: z.string(),
  intent: ZIntent,
  rule_id: z.string(),
  verdict: z.enum(["right", "wrong"]).nullable(),
  note: z.string().nullable(),
  reviewer_id: z.string().nullable(),
  reviewed_at: ZNullableTimestamp,
  created_at: ZTimestamp,
}).register(contract, { id: "Review" });

export const ZReviewList = ZList(ZReview).register(contract, { id: "ReviewList" });
