import type { CompiledPolicy, PolicyDecision } from "../../lib/policy";
import type { HistoryStore, Row } from "./history-store";
import type { Random } from "./random";
import type { ReviewerPool } from "./reviewers";
import type { Scenario } from "./scenarios";

export interface PolicyVersionRef {
  snapshot: string;
  compiled: CompiledPolicy | null;
}

/** What every part of the history planner shares. */
export interface HistoryContext {
  store: HistoryStore;
  r: Random;
  /** Nothing in the history happens at or after this instant (epoch ms). */
  end: number;
  reviewers: ReviewerPool;
  /** The org's active policy at `t`. */
  policyAt(t: number): PolicyVersionRef;
}

/** An intent of the history while its lifecycle is played out; `row` is its intents row. */
export interface PlannedIntent {
  id: string;
  row: Row;
  createdAt: number;
  slaDeadline: number | null;
  agentId: string;
  action: string;
  environment: string | null;
  payloadHash: string;
  decision: PolicyDecision;
  snapshot: string;
  scenario: Scenario;
  /** 0–1, drawn per intent: below the scenario's approveShare, a reviewer approves it. */
  merit: number;
  /** A lease.create request: approving it issues no execution token. */
  leaseRequest: boolean;
  /** The execution token row, once issued. */
  token: Row | null;
}
