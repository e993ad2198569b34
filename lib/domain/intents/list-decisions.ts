import type { Principal } from "../../auth/principal";
import { orgDb } from "../../db/scoped";
import { findIntentRow } from "./find-intent";

/** GET /intents/{id}/decisions: every policy decision and resolution, oldest first. */
export async function listDecisions(auth: Principal, intentId: string) {
  await findIntentRow(auth, intentId);
  const rows = await orgDb(auth.orgId).decisionLog.findMany({
    where: { intentId },
    orderBy: { seq: "asc" },
  });
  return {
    items: rows.map((row) => ({
      kind: row.kind,
      actor: { type: row.actorType, id: row.actorId },
      reason: row.reason,
      note: row.note,
      policy_snapshot: row.policySnapshot,
      data: row.data,
      at: row.at.toISOString(),
    })),
  };
}
