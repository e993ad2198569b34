import type { PageParams } from "./common.js";

export type { Review } from "./contract.js";

export interface ListReviewsParams extends PageParams {
  status?: "pending" | "reviewed" | "all";
}
