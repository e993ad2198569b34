import type { OrgTx } from "../../db/scoped";
import { newId } from "../../ids";

export const EVENTS_CHANNEL = "tollgate_events";

/**
 * Records a domain event (for webhooks and the SSE stream) in the caller's transaction and
 * NOTIFYs every app instance; PostgreSQL delivers the notification only if the transaction commits.
 */
export async function recordEvent(
  tx: OrgTx,
  orgId: string,
  type: string,
  data: Record<string, unknown> & { id: string },
): Promise<void> {
  const eventId = newId("evt");
  await tx.event.create({ data: { id: eventId, orgId, type, data: data as object } });
  const signal = JSON.stringify({ event_id: eventId, org_id: orgId, type, subject_id: data.id });
  await tx.$executeRaw`SELECT pg_notify(${EVENTS_CHANNEL}, ${signal})`;
}
