import { canonicalJson } from "../../canonical-json";
import type { OrgTx } from "../../db/scoped";
import { SqlParams, insertCte, txRunner, utc } from "../../db/sql";
import { newId } from "../../ids";

export type DecisionKind = "policy" | "approval" | "rejection" | "timeout" | "execution" | "cancel";

export interface DecisionEntry {
  kind: DecisionKind;
  actor: { type: string; id: string | null };
  reason?: string | null;
  note?: string | null;
  policySnapshot?: string | null;
  data?: Record<string, unknown>;
}

/** A CTE (`decision_log`) that writes one line of an intent's decisions log; see auditAppendCtes for `gate`. */
export function decisionLogCte(p: SqlParams, orgId: string, intentId: string, entry: DecisionEntry, at: Date, gate: string | null): string {
  return insertCte("decision_log", "decision_logs", {
    id: p.add(newId("dec")),
    org_id: p.add(orgId),
    intent_id: p.add(intentId),
    kind: p.add(entry.kind),
    actor_type: p.add(entry.actor.type),
    actor_id: p.add(entry.actor.id),
    reason: p.add(entry.reason ?? null),
    note: p.add(entry.note ?? null),
    policy_snapshot: p.add(entry.policySnapshot ?? null),
    data: p.add(canonicalJson(entry.data ?? {}), "jsonb"),
    at: p.add(utc(at), "timestamp(3)"),
  }, gate);
}

/** One line of an intent's decisions log (GET /intents/{id}/decisions), in the caller's transaction. */
export async function logDecision(tx: OrgTx, orgId: string, intentId: string, entry: DecisionEntry): Promise<void> {
  const p = new SqlParams();
  await txRunner(tx)(`WITH ${decisionLogCte(p, orgId, intentId, entry, new Date(), null)} SELECT id FROM decision_log`, p.values);
}
