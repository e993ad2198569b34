import type { Http } from "../http.js";
import { paginate } from "../paginate.js";
import type { BatchResolveInput, BatchResolveResult, ListApprovalsParams, QueueItem, ResolveInput } from "../types/approvals.js";
import type { CallOptions, Page } from "../types/common.js";
import type { Intent } from "../types/intents.js";
import { call, seg } from "./shared.js";

/** /api/v1/approvals: the review queue and human resolutions (member tokens). */
export class Approvals {
  constructor(private readonly http: Http) {}

  list(params: ListApprovalsParams = {}, options: CallOptions = {}): Promise<Page<QueueItem>> {
    return this.http.json({ method: "GET", path: "/api/v1/approvals", query: params, ...call(options) });
  }

  listAll(params: Omit<ListApprovalsParams, "cursor"> = {}, options: CallOptions = {}): AsyncGenerator<QueueItem, void, undefined> {
    return paginate((cursor) => this.list({ ...params, cursor }, options));
  }

  /** One human's approval; the intent stays pending_approval until enough have approved. */
  approve(intentId: string, input: ResolveInput = {}, options: CallOptions = {}): Promise<Intent> {
    return this.http.json({ method: "POST", path: `/api/v1/approvals/${seg(intentId)}/approve`, json: input, ...call(options) });
  }

  reject(intentId: string, input: ResolveInput & { reason: string }, options: CallOptions = {}): Promise<Intent> {
    return this.http.json({ method: "POST", path: `/api/v1/approvals/${seg(intentId)}/reject`, json: input, ...call(options) });
  }

  /** Resolves several items with one reason; each succeeds or fails on its own. */
  batch(input: BatchResolveInput, options: CallOptions = {}): Promise<BatchResolveResult> {
    return this.http.json({ method: "POST", path: "/api/v1/approvals/batch", json: input, ...call(options) });
  }
}
