import { z } from "zod";
import { contract } from "./registry";
import { ZPage } from "./common";

export const ZListReviewsQuery = z.strictObject({
  ...ZPage,
  status: z.enum(["pending", "reviewed", "all"]).default("pending"),
});

export const ZMarkReview = z.strictObject({
  verdict: z.enum(["right", "wrong"]),
  note: z.string().max(2000).optional(),
}).register(contract, { id: "MarkReview" });
