import type { OrgTx } from "../../db/scoped";
import { newId } from "../../ids";

export type DecisionKind = "policy" | "approval" | "rejection" | "timeout" | "execution" | "cancel";

/** One line of an intent's decisions log (GET /intents/{id}/decisions). */
export async function logDecision(
  tx: OrgTx,
  orgId: string,
  intentId: string,
  entry: {
    kind: DecisionKind;
    actor: { type: string; id: string | null };
    reason?: string | null;
    note?: string | null;
    policySnapshot?: string | null;
    data?: Record<string, unknown>;
  },
): Promise<void> {
  await tx.decisionLog.create({
    data: {
      id: newId("dec"),
      orgId,
      intentId,
      kind: entry.kind,
      actorType: entry.actor.type,
      actorId: entry.actor.id,
      reason: entry.reason ?? null,
      note: entry.note ?? null,
      policySnapshot: entry.policySnapshot ?? null,
      data: (entry.data ?? {}) as object,
    },
  });
}
