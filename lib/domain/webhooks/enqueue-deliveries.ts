import type { OrgTx } from "../../db/scoped";
import { newId } from "../../ids";
import { ALL_EVENTS, type EventType } from "../events/event-types";

/**
 * Queues one delivery per active webhook of the org subscribed to the event's type (or to "*"),
 * inside the transaction that records the event. The webhooks are read FOR KEY SHARE: a delete
 * racing this transaction waits for it instead of failing its insert (which would roll back the
 * unrelated change that raised the event), and a delete that committed first is simply not seen.
 */
export async function enqueueDeliveries(tx: OrgTx, orgId: string, event: { id: string; type: EventType }): Promise<number> {
  const webhooks = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM webhooks
    WHERE org_id = ${orgId} AND active AND (${event.type} = ANY(events) OR ${ALL_EVENTS} = ANY(events))
    ORDER BY id FOR KEY SHARE`;
  if (webhooks.length === 0) return 0;
  await tx.webhookDelivery.createMany({
    data: webhooks.map((webhook) => ({ id: newId("whd"), orgId, webhookId: webhook.id, eventId: event.id, eventType: event.type })),
  });
  return webhooks.length;
}
