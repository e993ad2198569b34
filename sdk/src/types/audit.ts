import type { PageParams } from "./common.js";

export type { AuditEvent, AuditVerification } from "./contract.js";

export interface AuditFilters {
  type?: string;
  /** A user or agent id. */
  actor?: string;
  /** An intent, agent, user, token or policy id. */
  subject?: string;
}

export interface ListAuditParams extends PageParams, AuditFilters {}
