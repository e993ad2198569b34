import { setting } from "../../config.mjs";
import { db } from "../../db/client";
import { inOrgTx } from "../../db/scoped";
import { type OrgParams, orgSql, utc } from "../../db/sql";
import { appendAuditEvent } from "../audit/append-audit-event";
import { logDecision } from "../intents/log-decision";
import { queueNotificationJob } from "../../notify/jobs";
import { JOB_KINDS } from "../../notify/kinds";

// Assignment (issue 17, the seed practice: route by role, rotate reviewers, skip whoever is away,
// log the chain of custody). Each pending item is assigned to one eligible reviewer: a member of
// at least the item's approver_role, in one of the rule's reviewer groups when it names any, not
// away, not the agent's owner under separate_duties, and not someone who approved it already.
// Among them the one assigned longest ago (never first) is picked, so the work rotates.
//
// A new item is assigned right after its proposal commits, before the agent is answered, in a
// transaction of its own: the rotation's state is one row per member, and a proposal that wrote
// it would make the org's proposals wait on those rows until they commit (the convoy asynchronous
// audit chaining removed). Concurrent assignments skip a member another one has locked
// (SKIP LOCKED), so they spread over the reviewers instead of queueing on one. The sweeper
// reassigns (unanswered, assignee no longer eligible) and catches what a crash left unassigned.

/** Items one pass assigns per organization; the rest wait for the next pass. */
const MAX_PER_PASS = 200;
/** An item nobody could take is tried again this often (someone may be back from away). */
const RETRY_UNASSIGNED_SECONDS = 60;

type Pending = { id: string; assigned_to: string | null };
type Assigned = { user_id: string | null; previous: string | null; groups: string[]; approver_role: string };

/**
 * A member m who may review `item` (an alias with approver_role and reviewer_groups) at `now` (an
 * SQL expression): of the role, not away, in one of the rule's groups when it names any. The
 * assigner and the sweeper's release both use it, so what counts as eligible is said once.
 */
export const REVIEWER_OF = (item: string, now: string) => `m.role >= ${item}.approver_role
      AND (m.away_until IS NULL OR m.away_until <= ${now})
      AND (cardinality(${item}.reviewer_groups) = 0 OR EXISTS (
        SELECT 1 FROM reviewer_group_members gm JOIN reviewer_groups g ON g.org_id = gm.org_id AND g.id = gm.group_id
        WHERE gm.org_id = m.org_id AND gm.user_id = m.user_id AND g.name = ANY (${item}.reviewer_groups)))`;

/** Who may be assigned `item` (a CTE with the item's gate), as a WHERE over memberships m: a reviewer of it, not the owner under separate_duties, not an approver already. */
const ELIGIBLE = (p: OrgParams, now: Date) => `m.org_id = ${p.org} AND ${REVIEWER_OF("item", p.add(utc(now), "timestamp(3)"))}
      AND NOT (item.separate_duties AND m.user_id IS NOT DISTINCT FROM item.owner_id)
      AND NOT EXISTS (SELECT 1 FROM approvals v WHERE v.org_id = m.org_id AND v.intent_id = item.id AND v.user_id = m.user_id AND v.decision = 'approve')`;

/** The rotation: the current assignee last (a reassignment goes to someone else if anyone else can take it), then the one assigned longest ago. */
const ROTATION = "ORDER BY m.user_id IS NOT DISTINCT FROM item.assigned_to, m.last_assigned_at NULLS FIRST, m.user_id LIMIT 1";

/**
 * One statement: locks the item (still pending and waiting for assignment), picks its reviewer
 * (a member no concurrent assignment holds, else the best one, waiting for it), and writes both
 * rows. No row when the item is no longer waiting.
 */
const ASSIGN_SQL = (p: OrgParams, intentId: string, now: Date) => `
  WITH item AS (
    SELECT i.id, i.approver_role, i.reviewer_groups, i.separate_duties, i.assigned_to, a.owner_id
    FROM intents i LEFT JOIN agents a ON a.org_id = i.org_id AND a.id = i.agent_id
    WHERE i.org_id = ${p.org} AND i.id = ${p.add(intentId)} AND i.status = 'pending_approval' AND i.assigned_at IS NULL
    FOR UPDATE OF i
  ), free AS (
    SELECT m.user_id FROM memberships m CROSS JOIN item WHERE ${ELIGIBLE(p, now)} ${ROTATION} FOR UPDATE OF m SKIP LOCKED
  ), any_eligible AS (
    SELECT m.user_id FROM memberships m CROSS JOIN item WHERE ${ELIGIBLE(p, now)} ${ROTATION}
  ), chosen AS (
    SELECT item.id, item.assigned_to AS previous, item.reviewer_groups, item.approver_role,
      coalesce((SELECT user_id FROM free), (SELECT user_id FROM any_eligible)) AS user_id
    FROM item
  ), moved AS (
    UPDATE intents i SET assigned_to = c.user_id, assigned_at = ${p.add(utc(now), "timestamp(3)")}
    FROM chosen c WHERE i.org_id = ${p.org} AND i.id = c.id RETURNING i.id
  ), rotated AS (
    UPDATE memberships m SET last_assigned_at = ${p.add(utc(now), "timestamp(3)")}
    FROM chosen c WHERE m.org_id = ${p.org} AND m.user_id = c.user_id RETURNING m.user_id
  )
  SELECT c.user_id, c.previous, c.reviewer_groups AS groups, c.approver_role::text AS approver_role FROM chosen c, moved`;

/**
 * Assigns one item that waits for assignment (new, or released by the sweeper or a recorded
 * approval), in a transaction of its own with its decisions-log line and audit event. False when
 * it no longer waits (assigned meanwhile, resolved). `why`: new | reassigned | approval_recorded.
 */
export async function assignIntent(orgId: string, intentId: string, why: string): Promise<boolean> {
  return inOrgTx(orgId, async (tx) => {
    const [assigned] = await orgSql(orgId)<Assigned>((p) => ASSIGN_SQL(p, intentId, new Date()), tx);
    if (!assigned) return false;
    const to = assigned.user_id;
    // A retry that changes nothing (still nobody, or the only eligible reviewer again) is not logged again.
    if (to === assigned.previous && why !== "new") return true;
    const pool = assigned.groups.length > 0 ? `groups ${assigned.groups.join(", ")}` : `role ${assigned.approver_role}+`;
    const reason = to ? `Assigned to ${to} (${why.replace("_", " ")}; rotation among ${pool})` : `No eligible reviewer is available (${pool}); any eligible reviewer may still resolve unless the rule is assigned_only`;
    const data = { assigned_to: to, previous: assigned.previous, why };
    const actor = { type: "system", id: null };
    await logDecision(tx, orgId, intentId, { kind: "assignment", actor, reason, data });
    await appendAuditEvent(tx, orgId, { actor, type: to ? "intent.assigned" : "intent.unassigned", subject: { type: "intent", id: intentId }, data });
    // Assignment directs notifications: a new item asks its reviewers (the assignee first), a reassignment tells the new assignee.
    if (why === "new") await queueNotificationJob(tx, orgId, JOB_KINDS.request, intentId);
    else if (to) await queueNotificationJob(tx, orgId, JOB_KINDS.assigned, intentId);
    return true;
  });
}

/** Assigns the org's pending items that wait for assignment (released by the sweeper, left by a crash, or a lease's request), oldest first. */
export async function assignPending(orgId: string): Promise<number> {
  const items = await orgSql(orgId)<Pending & { why: string }>(
    (p) => `SELECT id, assigned_to, CASE WHEN assigned_to IS NULL THEN 'new' ELSE 'reassigned' END AS why FROM intents
      WHERE org_id = ${p.org} AND status = 'pending_approval' AND assigned_at IS NULL ORDER BY created_at, id LIMIT ${MAX_PER_PASS}`,
  );
  let assigned = 0;
  for (const item of items) if (await assignIntent(orgId, item.id, item.why)) assigned++;
  return assigned;
}

/**
 * Sweeper (system-run, across orgs): releases items whose assignee has not answered within
 * REASSIGN_AFTER_SECONDS (or half the item's SLA, if sooner), whose assignee can no longer take
 * them (away, demoted, removed, left the group), or that nobody could take a minute ago; then
 * assigns every org's released and new items.
 */
export async function sweepAssignments(now = new Date()): Promise<number> {
  const at = utc(now);
  await db().$executeRawUnsafe(
    `UPDATE intents i SET assigned_at = NULL
     WHERE i.status = 'pending_approval' AND i.assigned_at IS NOT NULL AND (
       (i.assigned_to IS NULL AND i.assigned_at <= $1::timestamp(3) - make_interval(secs => $3))
       OR (i.assigned_to IS NOT NULL AND i.assigned_at <= $1::timestamp(3) - least(make_interval(secs => $2), coalesce((i.sla_deadline - i.created_at) / 2, make_interval(secs => $2))))
       OR (i.assigned_to IS NOT NULL AND NOT EXISTS (
         SELECT 1 FROM memberships m WHERE m.org_id = i.org_id AND m.user_id = i.assigned_to AND ${REVIEWER_OF("i", "$1::timestamp(3)")}))
     )`,
    at,
    setting("REASSIGN_AFTER_SECONDS"),
    RETRY_UNASSIGNED_SECONDS,
  );
  const orgs = await db().$queryRawUnsafe<{ org_id: string }[]>(
    `SELECT DISTINCT org_id FROM intents WHERE status = 'pending_approval' AND assigned_at IS NULL`,
  );
  let assigned = 0;
  for (const { org_id: orgId } of orgs) {
    try {
      assigned += await assignPending(orgId);
    } catch (error) {
      console.error(`[assignment] org ${orgId}:`, (error as Error).message);
    }
  }
  return assigned;
}
