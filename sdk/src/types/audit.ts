import type { PageParams } from "./common.js";

export type { AuditCheckpoint, AuditCheckpointList, AuditEvent, AuditExport, AuditVerification, IntentReceipt, JsonWebKeySet } from "./contract.js";

export interface AuditFilters {
  type?: string;
  /** A user or agent id. */
  actor?: string;
  /** An intent, agent, user, token or policy id. */
  subject?: string;
}

export interface ListAuditParams extends PageParams, AuditFilters {}
