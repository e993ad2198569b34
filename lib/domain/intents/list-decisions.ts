import type { RequestContext } from "../request-context";
import { findIntentRow } from "./find-intent";
import type { DecisionKind } from "./log-decision";

/** GET /intents/{id}/decisions: every policy decision and resolution, oldest first. */
export async function listDecisions(ctx: RequestContext, intentId: string) {
  await findIntentRow(ctx, intentId);
  const rows = await ctx.db.decisionLog.findMany({
    where: { intentId },
    orderBy: { seq: "asc" },
  });
  return {
    items: rows.map((row) => ({
      kind: row.kind as DecisionKind,
      actor: { type: row.actorType, id: row.actorId },
      reason: row.reason,
      note: row.note,
      policy_snapshot: row.policySnapshot,
      data: row.data,
      at: row.at.toISOString(),
    })),
  };
}
