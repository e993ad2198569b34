import type { Http } from "../http.js";
import { paginate } from "../paginate.js";
import type { CallOptions, Page } from "../types/common.js";
import type { ListReviewsParams, Review } from "../types/reviews.js";
import { call, seg } from "./shared.js";

/** /api/v1/reviews: sampled auto-allowed intents for a human to judge after the fact. */
export class Reviews {
  constructor(private readonly http: Http) {}

  list(params: ListReviewsParams = {}, options: CallOptions = {}): Promise<Page<Review>> {
    return this.http.json({ method: "GET", path: "/api/v1/reviews", query: params, ...call(options) });
  }

  listAll(params: Omit<ListReviewsParams, "cursor"> = {}, options: CallOptions = {}): AsyncGenerator<Review, void, undefined> {
    return paginate((cursor) => this.list({ ...params, cursor }, options));
  }

  mark(id: string, input: { verdict: "right" | "wrong"; note?: string }, options: CallOptions = {}): Promise<Review> {
    return this.http.json({ method: "POST", path: `/api/v1/reviews/${seg(id)}`, json: input, ...call(options) });
  }
}
