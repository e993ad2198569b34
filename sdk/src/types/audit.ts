import type { PageParams } from "./common.js";

/** An append-only audit event; `hash = sha256(prev_hash + canonical JSON of the rest)`. */
export interface AuditEvent {
  seq: number;
  at: string;
  actor: { type: string; id: string | null };
  type: string;
  subject: { type: string; id: string };
  data: unknown;
  prev_hash: string;
  hash: string;
}

export interface AuditFilters {
  type?: string;
  /** A user or agent id. */
  actor?: string;
  /** An intent, agent, user, token or policy id. */
  subject?: string;
}

export interface ListAuditParams extends PageParams, AuditFilters {}

export type AuditVerification = { ok: true; events: number } | { ok: false; first_bad_seq: number; events?: number };
