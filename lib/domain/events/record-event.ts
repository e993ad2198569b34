import { canonicalJson } from "../../canonical-json";
import type { OrgTx } from "../../db/scoped";
import { OrgParams, type SqlParams, insertCte, orgSql, utc } from "../../db/sql";
import { newId } from "../../ids";
import { eventJobCte, eventNotifies } from "../../notify/jobs";
import { ALL_EVENTS, type EventType } from "./event-types";

export const EVENTS_CHANNEL = "tollgate_events";

type EventData = Record<string, unknown> & { id: string };

/**
 * CTEs that record a domain event (for webhooks and the SSE stream) and queue one delivery per
 * active webhook of the org subscribed to its type (or to "*") in the same statement — the
 * outbox: the event and its deliveries commit together or not at all. The webhooks are read FOR
 * KEY SHARE: a delete racing this write waits for it instead of failing its insert (which would
 * roll back the unrelated change that raised the event); a delete that committed first is not seen.
 * `notified` is an expression for the statement's final SELECT (a CTE nobody reads never runs):
 * it NOTIFYs every app instance, which PostgreSQL delivers only if the write commits; when the
 * event queued deliveries, the notification also wakes the delivery workers. An event people are told
 * about also queues the notifier's job (lib/notify/jobs.ts). See auditAppendCtes for `gate`.
 */
export function eventCtes(p: SqlParams, orgId: string, type: EventType, data: EventData, at: Date, gate: string | null) {
  const eventId = newId("evt");
  const [org, eventType, when] = [p instanceof OrgParams ? p.org : p.add(orgId), p.add(type), p.add(utc(at), "timestamp(3)")];
  const ctes = `${insertCte("event", "events", {
    id: p.add(eventId),
    org_id: org,
    type: eventType,
    data: p.add(canonicalJson(data), "jsonb"),
    created_at: when,
  }, gate)}, webhook_targets AS (
    SELECT id FROM webhooks
    WHERE org_id = ${org} AND active AND (${eventType} = ANY(events) OR ${p.add(ALL_EVENTS)} = ANY(events))
    ORDER BY id FOR KEY SHARE
  ), event_deliveries AS (
    INSERT INTO webhook_deliveries (id, org_id, webhook_id, event_id, event_type, next_attempt_at, created_at, updated_at)
    SELECT 'whd_' || left(replace(gen_random_uuid()::text, '-', ''), 20), ${org}, webhook_targets.id, event.id, ${eventType}, ${when}, ${when}, ${when}
    FROM event, webhook_targets
    RETURNING id
  )${eventNotifies(type, data) ? `, ${eventJobCte(p, orgId, type, data.id, when)}` : ""}`;
  // The signal (lib/db/notifications.ts Signal) counts the deliveries queued, so it is built here in SQL.
  const signal = `json_build_object('event_id', ${p.add(eventId)}, 'org_id', ${org}, 'type', ${eventType}, 'subject_id', ${p.add(data.id)},
    'deliveries', (SELECT count(*) FROM event_deliveries))::text`;
  const notified = `(SELECT count(pg_notify(${p.add(EVENTS_CHANNEL)}, ${signal})) FROM event)`;
  return { ctes, notified };
}

/** Records a domain event, its webhook deliveries and its NOTIFY in the caller's transaction (one statement). */
export async function recordEvent(tx: OrgTx, orgId: string, type: EventType, data: EventData): Promise<void> {
  await orgSql(orgId)((p) => {
    const { ctes, notified } = eventCtes(p, orgId, type, data, new Date(), null);
    return `WITH ${ctes} SELECT ${notified}::int AS notified`;
  }, tx);
}
