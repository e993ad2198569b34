import type { OrgTx } from "../../db/scoped";
import { EVENTS_CHANNEL } from "../events/record-event";

/** The signal type that wakes delivery workers without a new event. */
export const WAKE_SIGNAL = "webhook.wake";

/**
 * Wakes the delivery worker of every instance when the transaction commits (a redelivery, a
 * webhook switched back on), through the same NOTIFY channel that new events use.
 */
export async function wakeDeliveryWorkers(tx: OrgTx, orgId: string, subjectId: string): Promise<void> {
  const signal = JSON.stringify({ event_id: null, org_id: orgId, type: WAKE_SIGNAL, subject_id: subjectId });
  await tx.$executeRaw`SELECT pg_notify(${EVENTS_CHANNEL}, ${signal})`;
}
