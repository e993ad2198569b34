import type { OrgTx } from "../db/scoped";
import { OrgParams, type SqlParams, insertCte, orgSql } from "../db/sql";
import { EVENTS_CHANNEL } from "../domain/events/record-event";
import { newId } from "../ids";
import { NOTIFYING_EVENTS, NOTIFY_WAKE_SIGNAL, RESOLVED_AFTER_REVIEW } from "./kinds";

// Notification jobs are the notifier's outbox: written in the transaction of what they tell about
// (so a rollback tells nobody), fanned out to recipients by dispatch.ts.

/** Whether an event of `type` with `data` queues a notification job (record-event.ts asks). */
export function eventNotifies(type: string, data: Record<string, unknown>): boolean {
  if (!NOTIFYING_EVENTS.has(type)) return false;
  return type !== "intent.resolved" || RESOLVED_AFTER_REVIEW.has(String(data.status));
}

/** A CTE (`notification_job`) that queues the job for the event the CTE `event` writes. */
export function eventJobCte(p: SqlParams, orgId: string, type: string, subjectId: string, when: string): string {
  return insertCte("notification_job", "notification_jobs", {
    org_id: p instanceof OrgParams ? p.org : p.add(orgId),
    id: p.add(newId("ntj")),
    kind: p.add(type),
    subject_id: p.add(subjectId),
    event_id: "event.id",
    created_at: when,
    next_attempt_at: when,
  }, "event");
}

/** Queues a job (an approval request, an assignment, a reminder, a digest) in the caller's transaction, and wakes the notifiers when it commits. */
export async function queueNotificationJob(tx: OrgTx, orgId: string, kind: string, subjectId: string): Promise<void> {
  const signal = JSON.stringify({ event_id: null, org_id: orgId, type: NOTIFY_WAKE_SIGNAL, subject_id: subjectId });
  await orgSql(orgId)(
    (p) => `WITH ${insertCte("notification_job", "notification_jobs", { org_id: p.org, id: p.add(newId("ntj")), kind: p.add(kind), subject_id: p.add(subjectId) }, null)}
      SELECT count(pg_notify(${p.add(EVENTS_CHANNEL)}, ${p.add(signal)}))::int AS notified FROM notification_job`,
    tx,
  );
}
