import type { PageParams } from "./common.js";
import type { BatchResolve, BatchResult, ResolveApproval } from "./contract.js";

export type { QueueItem } from "./contract.js";

export interface ListApprovalsParams extends PageParams {
  include_resolved?: boolean;
  action?: string;
  agent?: string;
  environment?: string;
  risk_tag?: string;
}

/** `reason` is required to reject, and to approve an item pending for less than 10 seconds. */
export type ResolveInput = Pick<ResolveApproval, "reason" | "note">;

export type BatchResolveInput = BatchResolve;
export type BatchItemResult = BatchResult["items"][number];
export type BatchResolveResult = BatchResult;
