import { setting } from "../config.mjs";
import { db } from "../db/client";
import { utc } from "../db/sql";
import { JOB_KINDS } from "./kinds";

// What the sweeper queues for the notifier on time alone (system-run, across orgs, each one
// statement so concurrent sweepers queue a reminder once): SLA reminders and the daily digest.

/**
 * Reminders of pending items with an SLA: at half of it, and before breach (when a tenth of it, at
 * most an hour, is left). An item found past both at once gets only the second. An escalated
 * item's second SLA counts from its escalation (which resets the count, apply-sla.ts).
 */
export async function queueDueReminders(now = new Date()): Promise<number> {
  return db().$executeRawUnsafe(
    `WITH timing AS (
       SELECT org_id, id, reminders_sent, sla_deadline, sla_deadline - coalesce(escalated_at, created_at) AS span, coalesce(escalated_at, created_at) AS start
       FROM intents WHERE status = 'pending_approval' AND sla_deadline > $1::timestamp(3) AND reminders_sent < 2
     ), due AS (
       UPDATE intents i SET reminders_sent = CASE WHEN $1::timestamp(3) >= t.sla_deadline - least(t.span / 10, interval '1 hour') THEN 2 ELSE 1 END
       FROM timing t
       WHERE i.org_id = t.org_id AND i.id = t.id AND i.status = 'pending_approval' AND (
         (t.reminders_sent < 1 AND $1::timestamp(3) >= t.start + t.span / 2)
         OR $1::timestamp(3) >= t.sla_deadline - least(t.span / 10, interval '1 hour'))
       RETURNING i.org_id, i.id, i.reminders_sent
     )
     INSERT INTO notification_jobs (org_id, id, kind, subject_id)
     SELECT org_id, 'ntj_' || left(replace(gen_random_uuid()::text, '-', ''), 20), CASE reminders_sent WHEN 2 THEN $2 ELSE $3 END, id FROM due`,
    utc(now),
    JOB_KINDS.breach,
    JOB_KINDS.halfway,
  );
}

/** The daily digest, once a day from DIGEST_HOUR_UTC, to every member who chose it. */
export async function queueDigests(now = new Date()): Promise<number> {
  if (now.getUTCHours() < setting("DIGEST_HOUR_UTC")) return 0;
  return db().$executeRawUnsafe(
    `WITH due AS (
       UPDATE notification_settings SET last_digest_at = $1::timestamp(3)
       WHERE digest AND (last_digest_at IS NULL OR last_digest_at < date_trunc('day', $1::timestamp(3)))
       RETURNING org_id, user_id
     )
     INSERT INTO notification_jobs (org_id, id, kind, subject_id)
     SELECT org_id, 'ntj_' || left(replace(gen_random_uuid()::text, '-', ''), 20), $2, user_id FROM due`,
    utc(now),
    JOB_KINDS.digest,
  );
}
