import { canonicalJson } from "../../canonical-json";
import type { OrgTx } from "../../db/scoped";
import { OrgParams, type SqlParams, insertCte, orgSql, utc } from "../../db/sql";
import { newId } from "../../ids";

export type DecisionKind = "policy" | "approval" | "rejection" | "timeout" | "execution" | "cancel" | "assignment" | "notification";

export interface DecisionEntry {
  kind: DecisionKind;
  actor: { type: string; id: string | null };
  reason?: string | null;
  note?: string | null;
  policySnapshot?: string | null;
  data?: Record<string, unknown>;
}

/** The decision_logs row of one line, column by column (the demo seed writes the same rows in bulk). */
export function decisionLogRow(orgId: string, intentId: string, entry: DecisionEntry, at: Date, id = newId("dec")) {
  return {
    id,
    org_id: orgId,
    intent_id: intentId,
    kind: entry.kind,
    actor_type: entry.actor.type,
    actor_id: entry.actor.id,
    reason: entry.reason ?? null,
    note: entry.note ?? null,
    policy_snapshot: entry.policySnapshot ?? null,
    data: entry.data ?? {},
    at: utc(at),
  };
}

/** A CTE (`decision_log`) that writes one line of an intent's decisions log; see auditAppendCtes for `gate`. */
export function decisionLogCte(p: SqlParams, orgId: string, intentId: string, entry: DecisionEntry, at: Date, gate: string | null): string {
  const { data, at: time, org_id, ...text } = decisionLogRow(orgId, intentId, entry, at);
  const columns = Object.fromEntries(Object.entries(text).map(([column, value]) => [column, p.add(value)]));
  columns.org_id = p instanceof OrgParams ? p.org : p.add(org_id);
  return insertCte("decision_log", "decision_logs", { ...columns, data: p.add(canonicalJson(data), "jsonb"), at: p.add(time, "timestamp(3)") }, gate);
}

/** One line of an intent's decisions log (GET /intents/{id}/decisions), in the caller's transaction. */
export async function logDecision(tx: OrgTx, orgId: string, intentId: string, entry: DecisionEntry): Promise<void> {
  await orgSql(orgId)((p) => `WITH ${decisionLogCte(p, orgId, intentId, entry, new Date(), null)} SELECT id FROM decision_log`, tx);
}
