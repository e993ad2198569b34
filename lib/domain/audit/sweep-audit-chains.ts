import { db } from "../../db/client";
import { chainAuditEvents } from "./chain-audit-events";

/**
 * Sweeper (system-run, across orgs): chains every organization that has pending audit events, so
 * an event no chainer was woken for (its instance crashed between commit and chaining) waits at
 * most one sweep. An org whose head another chainer holds is left to it. Returns the events chained.
 */
export async function sweepAuditChains(): Promise<number> {
  const orgs = await db().$queryRaw<{ org_id: string }[]>`SELECT DISTINCT org_id FROM audit_pending`;
  let chained = 0;
  for (const { org_id: orgId } of orgs) {
    try {
      chained += (await chainAuditEvents(orgId, { skipLocked: true })).chained;
    } catch (error) {
      // One org's chain must not stall the others'; it is tried again on the next pass.
      console.error(`[sweeper] audit chain of org ${orgId}: ${(error as Error).message}`);
    }
  }
  return chained;
}
