import type { PageParams } from "./common.js";
import type { Intent, IntentStatus } from "./intents.js";

/** One item of the review queue (GET /api/v1/approvals). */
export interface QueueItem {
  intent: Intent;
  decision_summary: { title: string; why: string | null; next_effect: string };
  policy_rule_id: string | null;
  policy_reason: string;
  policy_snapshot: string;
  payload_hash: string;
  approvals_required: number;
  approvals_received: number;
  sla_deadline: string | null;
  step_up_required: boolean;
}

export interface ListApprovalsParams extends PageParams {
  include_resolved?: boolean;
  action?: string;
  agent?: string;
  environment?: string;
  risk_tag?: string;
}

export interface ResolveInput {
  /** Required to reject, and to approve an item pending for less than 10 seconds. */
  reason?: string;
  note?: string;
}

export interface BatchResolveInput {
  intent_ids: string[];
  decision: "approve" | "reject";
  reason: string;
  note?: string;
}

export type BatchItemResult =
  | { intent_id: string; ok: true; status: IntentStatus }
  | { intent_id: string; ok: false; status: null; error: { code: string; message: string } };

export interface BatchResolveResult {
  items: BatchItemResult[];
  succeeded: number;
  failed: number;
}
