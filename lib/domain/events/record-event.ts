import type { OrgTx } from "../../db/scoped";
import { newId } from "../../ids";
import { enqueueDeliveries } from "../webhooks/enqueue-deliveries";
import type { EventType } from "./event-types";

export const EVENTS_CHANNEL = "tollgate_events";

/**
 * Records a domain event (for webhooks and the SSE stream) in the caller's transaction, queues a
 * delivery for each subscribed webhook in that same transaction (the outbox: the event and its
 * deliveries commit together or not at all), and NOTIFYs every app instance; PostgreSQL delivers
 * the notification only if the transaction commits, and it also wakes the delivery workers.
 */
export async function recordEvent(
  tx: OrgTx,
  orgId: string,
  type: EventType,
  data: Record<string, unknown> & { id: string },
): Promise<void> {
  const eventId = newId("evt");
  await tx.event.create({ data: { id: eventId, orgId, type, data: data as object } });
  await enqueueDeliveries(tx, orgId, { id: eventId, type });
  const signal = JSON.stringify({ event_id: eventId, org_id: orgId, type, subject_id: data.id });
  await tx.$executeRaw`SELECT pg_notify(${EVENTS_CHANNEL}, ${signal})`;
}
