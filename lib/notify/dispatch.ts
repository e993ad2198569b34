import { canonicalJson } from "../canonical-json";
import { db } from "../db/client";
import { inOrgTx } from "../db/scoped";
import { orgSql } from "../db/sql";
import { newId } from "../ids";
import { retryDelaySeconds } from "../mail/outbox";
import { type Job, planJob } from "./plan";

// The notifier's first half: claims due jobs (SKIP LOCKED, so any number of instances may run it),
// turns each into its messages in one transaction that also deletes the job, so a job becomes its
// messages exactly once. A job that fails is retried with backoff, and given up (logged) after
// MAX_JOB_ATTEMPTS.

const BATCH = 50;
const CLAIM_SECONDS = 120;
export const MAX_JOB_ATTEMPTS = 8;

/** Fans out the due jobs (of one org, when given: tests); answers how many messages they became. System-run. */
export async function dispatchNotificationJobs(orgId: string | null = null): Promise<number> {
  const jobs = await db().$queryRaw<(Job & { attempts: number })[]>`
    UPDATE notification_jobs SET attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => ${CLAIM_SECONDS})
    WHERE (org_id, id) IN (
      SELECT org_id, id FROM notification_jobs WHERE next_attempt_at <= now() AND (${orgId}::text IS NULL OR org_id = ${orgId}) ORDER BY next_attempt_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED
    )
    RETURNING org_id, id, kind, subject_id, attempts`;
  let messages = 0;
  for (const job of jobs) {
    try {
      messages += await inOrgTx(job.org_id, async (tx) => {
        const planned = await planJob(tx, job);
        for (const m of planned) {
          await orgSql(job.org_id)(
            (p) => `INSERT INTO notifications (org_id, id, kind, channel, user_id, intent_id, lease_id, to_address, subject, message)
              VALUES (${p.org}, ${p.add(newId("ntf"))}, ${p.add(m.kind)}, ${p.add(m.channel)}, ${p.add(m.userId)}, ${p.add(m.intentId)}, ${p.add(m.leaseId)},
                ${p.add(m.to)}, ${p.add(m.subject.slice(0, 300))}, ${p.add(canonicalJson(m.message), "jsonb")})`,
            tx,
          );
        }
        await tx.$executeRaw`DELETE FROM notification_jobs WHERE org_id = ${job.org_id} AND id = ${job.id}`;
        return planned.length;
      });
    } catch (error) {
      const message = (error as Error).message.slice(0, 500);
      if (job.attempts >= MAX_JOB_ATTEMPTS) {
        await db().$executeRaw`DELETE FROM notification_jobs WHERE org_id = ${job.org_id} AND id = ${job.id}`;
        console.error(`[notify] job ${job.kind} ${job.subject_id} (org ${job.org_id}) failed ${job.attempts} times, given up: ${message}`);
      } else {
        await db().$executeRaw`UPDATE notification_jobs SET last_error = ${message}, next_attempt_at = now() + make_interval(secs => ${retryDelaySeconds(job.attempts)})
          WHERE org_id = ${job.org_id} AND id = ${job.id}`;
      }
    }
  }
  return messages;
}
