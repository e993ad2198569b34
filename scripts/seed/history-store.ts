// The demo history as rows, collected in memory and written in bulk afterwards (write-history.ts).
// Rows use the tables' column names. The audit trail, decisions log and domain events are kept with
// their times, so they can be put in time order before the chain is hashed and the serial columns
// (decision_logs.seq, events.seq) are assigned.
import { canonicalJson } from "../../lib/canonical-json";
import type { AuditInput } from "../../lib/domain/audit/append-audit-event";
import type { EventType } from "../../lib/domain/events/event-types";
import { type DecisionEntry, decisionLogRow } from "../../lib/domain/intents/log-decision";

export type Row = Record<string, unknown>;

/** Something that happened at `at` (epoch ms); `order` breaks ties in the order things were recorded. */
export interface Timed<T> {
  at: number;
  order: number;
  value: T;
}

export const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

export const byTime = <T>(a: Timed<T>, b: Timed<T>) => a.at - b.at || a.order - b.order;

export class HistoryStore {
  readonly intents: Row[] = [];
  readonly approvals: Row[] = [];
  readonly executionTokens: Row[] = [];
  readonly shadowHits: Row[] = [];
  readonly reviews: Row[] = [];
  readonly leases: Row[] = [];
  readonly webhooks: Row[] = [];
  readonly deliveries: Row[] = [];
  readonly attempts: Row[] = [];
  readonly decisionLogs: Timed<Row>[] = [];
  readonly events: Timed<Row>[] = [];
  readonly auditTrail: Timed<AuditInput>[] = [];
  private order = 0;

  constructor(
    readonly orgId: string,
    readonly newId: (prefix: string) => string,
  ) {}

  /** An audit event; hashed into the chain later, in time order. Its data is kept as canonical JSON would read back. */
  audit(at: number, input: AuditInput): void {
    this.auditTrail.push({ at, order: this.order++, value: { ...input, data: JSON.parse(canonicalJson(input.data ?? {})) } });
  }

  /** A domain event, as recordEvent writes it; returns its row (webhook deliveries point at it). */
  event(at: number, type: EventType, data: Record<string, unknown> & { id: string }): Row {
    const row = { id: this.newId("evt"), org_id: this.orgId, type, data, created_at: iso(at) };
    this.events.push({ at, order: this.order++, value: row });
    return row;
  }

  /** A line of an intent's decisions log, as logDecision writes it. */
  decision(at: number, intentId: string, entry: DecisionEntry): void {
    this.decisionLogs.push({ at, order: this.order++, value: decisionLogRow(this.orgId, intentId, entry, new Date(at), this.newId("dec")) });
  }
}
