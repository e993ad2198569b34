import { db } from "../../db/client";
import { newId } from "../../ids";

export interface ClaimedDelivery {
  deliveryId: string;
  orgId: string;
  webhookId: string;
  /** The attempt row written with the claim; also the claim's token. */
  attemptId: string;
  /** Attempts since the delivery was (re)queued, this one included. */
  round: number;
  url: string;
  secretBox: string;
  event: { id: string; type: string; createdAt: Date; data: unknown };
}

export const INTERRUPTED = "interrupted: the sending worker stopped before recording a result";

/**
 * Claims up to `limit` due deliveries of active webhooks, across organizations (a system task, like
 * the sweeper; every join names org_id). In one transaction: the rows are locked FOR UPDATE SKIP
 * LOCKED, so concurrent workers on any instance take disjoint sets; each gets a claim lease
 * (locked_until) that keeps it from every other worker after this commits, until this worker
 * records a result or — if it crashed — the lease lapses. An attempt row is written now, so even a
 * crash mid-send leaves a trace in the log (marked interrupted when the delivery is claimed again).
 */
export async function claimDueDeliveries(limit: number, claimLeaseMs: number, worker: string, now = new Date()): Promise<ClaimedDelivery[]> {
  if (limit <= 0) return [];
  const lockedUntil = new Date(now.getTime() + claimLeaseMs);
  return db().$transaction(async (tx) => {
    const due = await tx.$queryRaw<{ id: string; org_id: string; attempts: number; round_attempts: number }[]>`
      SELECT d.id, d.org_id, d.attempts, d.round_attempts FROM webhook_deliveries d
      JOIN webhooks w ON w.id = d.webhook_id AND w.org_id = d.org_id
      WHERE d.status = 'pending' AND d.next_attempt_at <= ${now}
        AND (d.locked_until IS NULL OR d.locked_until <= ${now}) AND w.active
      ORDER BY d.next_attempt_at
      LIMIT ${limit}
      FOR UPDATE OF d SKIP LOCKED`;
    if (due.length === 0) return [];
    // Rows are keyed by (org_id, id): the claimed deliveries as pairs.
    const orgs = due.map((row) => row.org_id);
    const ids = due.map((row) => row.id);
    await tx.$executeRaw`
      UPDATE webhook_delivery_attempts SET finished_at = ${now}, error = ${INTERRUPTED}
      WHERE (org_id, delivery_id) IN (SELECT * FROM unnest(${orgs}::text[], ${ids}::text[])) AND finished_at IS NULL`;
    const claims = new Map<string, { attemptId: string; round: number }>();
    for (const row of due) {
      const attemptId = newId("wha");
      const number = row.attempts + 1;
      await tx.$executeRaw`
        UPDATE webhook_deliveries
        SET attempts = ${number}, round_attempts = ${row.round_attempts + 1}, locked_until = ${lockedUntil}, claim_id = ${attemptId}, updated_at = ${now}
        WHERE id = ${row.id} AND org_id = ${row.org_id}`;
      await tx.$executeRaw`
        INSERT INTO webhook_delivery_attempts (id, org_id, delivery_id, number, worker, started_at)
        VALUES (${attemptId}, ${row.org_id}, ${row.id}, ${number}, ${worker}, ${now})`;
      claims.set(row.id, { attemptId, round: row.round_attempts + 1 });
    }
    const details = await tx.$queryRaw<
      { id: string; org_id: string; webhook_id: string; url: string; secret_encrypted: string; event_id: string; type: string; created_at: Date; data: unknown }[]
    >`
      SELECT d.id, d.org_id, d.webhook_id, w.url, w.secret_encrypted, e.id AS event_id, e.type, e.created_at, e.data
      FROM webhook_deliveries d
      JOIN webhooks w ON w.id = d.webhook_id AND w.org_id = d.org_id
      JOIN events e ON e.id = d.event_id AND e.org_id = d.org_id
      WHERE (d.org_id, d.id) IN (SELECT * FROM unnest(${orgs}::text[], ${ids}::text[]))`;
    return details.map((row) => {
      const claim = claims.get(row.id)!;
      return {
        deliveryId: row.id,
        orgId: row.org_id,
        webhookId: row.webhook_id,
        attemptId: claim.attemptId,
        round: claim.round,
        url: row.url,
        secretBox: row.secret_encrypted,
        event: { id: row.event_id, type: row.type, createdAt: row.created_at, data: row.data },
      };
    });
  });
}
