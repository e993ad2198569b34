import type { OrgTx } from "../db/scoped";
import { orgSql } from "../db/sql";
import type { MailMessage } from "../mail/transport";
import { channelFor, slackSettings } from "../slack/connection";
import { type ItemFacts, readItemFacts } from "./item-facts";
import { JOB_KINDS, PREFERENCE_OF, type PreferenceEvent } from "./kinds";
import { type LeaseFacts, digestMail, leaseMail, outcomeMail, reviewMail } from "./messages";
import { type Recipient, channelsFor, memberRecipient, reviewersOf } from "./recipients";

// What one job becomes: the messages, each to one recipient over one channel. Emails are written
// out now (what the reviewer was told is kept); a Slack card is built when it is sent, from the
// item as it is then, so a card never shows a stale count.

export interface Job {
  org_id: string;
  id: string;
  kind: string;
  subject_id: string;
}

export interface Planned {
  kind: string;
  channel: "email" | "slack";
  userId: string | null;
  intentId: string | null;
  leaseId: string | null;
  to: string;
  subject: string;
  /** email: the MailMessage; slack: what to do with the item's card, or a DM of it. */
  message: MailMessage | { op: "post" | "update" | "dm" };
}

const REVIEW_KINDS = new Set<string>([JOB_KINDS.request, JOB_KINDS.assigned, JOB_KINDS.halfway, JOB_KINDS.breach, "intent.escalated"]);
const CARD_UPDATES = new Set(["intent.approval_recorded", "intent.resolved", "intent.escalated"]);

function toMembers(kind: string, event: PreferenceEvent, recipients: Recipient[], mail: (r: Recipient) => MailMessage, about: { intentId?: string; leaseId?: string; subject: string }): Planned[] {
  const out: Planned[] = [];
  for (const r of recipients) {
    const chosen = channelsFor(r, event);
    const base = { kind, userId: r.userId, intentId: about.intentId ?? null, leaseId: about.leaseId ?? null };
    if (chosen.email) {
      const message = mail(r);
      out.push({ ...base, channel: "email", to: r.email, subject: message.subject, message });
    }
    if (chosen.slack && about.intentId) out.push({ ...base, channel: "slack", to: r.slackUserId as string, subject: about.subject, message: { op: "dm" } });
  }
  return out;
}

/** Who a pending item's review notification goes to. A reminder goes to the assignee if they can still take it, else to every reviewer. */
async function reviewRecipients(tx: OrgTx, orgId: string, kind: string, facts: ItemFacts): Promise<Recipient[]> {
  if (kind === JOB_KINDS.assigned) return facts.assignedTo ? reviewersOf(tx, orgId, facts.id, facts.assignedTo) : [];
  if ((kind === JOB_KINDS.halfway || kind === JOB_KINDS.breach) && facts.assignedTo) {
    const assignee = await reviewersOf(tx, orgId, facts.id, facts.assignedTo);
    if (assignee.length) return assignee;
  }
  return reviewersOf(tx, orgId, facts.id);
}

async function planItem(tx: OrgTx, job: Job): Promise<Planned[]> {
  const orgId = job.org_id;
  const facts = await readItemFacts(tx, orgId, job.subject_id);
  if (!facts) return [];
  const planned: Planned[] = [];
  const subject = facts.title;
  if (REVIEW_KINDS.has(job.kind) && facts.status === "pending_approval") {
    const recipients = await reviewRecipients(tx, orgId, job.kind, facts);
    planned.push(...toMembers(job.kind, PREFERENCE_OF[job.kind] as PreferenceEvent, recipients, (r) => reviewMail(job.kind, r, facts), { intentId: facts.id, subject }));
  }
  if (job.kind === "intent.resolved" && facts.ownerId) {
    const owner = await memberRecipient(tx, orgId, facts.ownerId, { agentId: facts.agentId, action: facts.action });
    if (owner) planned.push(...toMembers(job.kind, "outcome", [owner], (r) => outcomeMail(r.email, facts), { intentId: facts.id, subject }));
  }
  const slack = await slackSettings(orgId, tx);
  if (slack) {
    const channel = channelFor(slack, facts.ruleId);
    const card = { kind: job.kind, channel: "slack" as const, userId: null, intentId: facts.id, leaseId: null, to: channel, subject };
    if (job.kind === JOB_KINDS.request) planned.push({ ...card, message: { op: "post" } });
    if (CARD_UPDATES.has(job.kind)) planned.push({ ...card, message: { op: "update" } });
  }
  return planned;
}

async function planLease(tx: OrgTx, job: Job): Promise<Planned[]> {
  const [lease] = await orgSql(job.org_id)<LeaseFacts & { ownerId: string | null; agentId: string; expires_ms: number | null }>(
    (p) => `SELECT l.id, a.name AS "agentName", l.capabilities, a.owner_id AS "ownerId", a.id AS "agentId", extract(epoch FROM l.expires_at)::float8 * 1000 AS expires_ms
      FROM leases l JOIN agents a ON a.org_id = l.org_id AND a.id = l.agent_id WHERE l.org_id = ${p.org} AND l.id = ${p.add(job.subject_id)}`,
    tx,
  );
  if (!lease?.ownerId) return [];
  const owner = await memberRecipient(tx, job.org_id, lease.ownerId, { agentId: lease.agentId });
  if (!owner) return [];
  const facts = { ...lease, expiresAt: lease.expires_ms === null ? null : new Date(lease.expires_ms) };
  return toMembers(job.kind, "lease", [owner], (r) => leaseMail(r.email, facts, job.kind === "lease.expiring_soon"), { leaseId: lease.id, subject: lease.id });
}

/** The digest of one member: every pending item they may review, assigned ones first. */
async function planDigest(tx: OrgTx, job: Job): Promise<Planned[]> {
  const member = await memberRecipient(tx, job.org_id, job.subject_id);
  if (!member) return [];
  const pending = await orgSql(job.org_id)<{ id: string }>(
    (p) => `SELECT id FROM intents WHERE org_id = ${p.org} AND status = 'pending_approval' ORDER BY assigned_to IS DISTINCT FROM ${p.add(member.userId)}, sla_deadline NULLS LAST, id LIMIT 200`,
    tx,
  );
  const items: { id: string; title: string; slaDeadline: Date | null; assignedToYou: boolean }[] = [];
  for (const { id } of pending) {
    if ((await reviewersOf(tx, job.org_id, id, member.userId)).length === 0) continue;
    const facts = await readItemFacts(tx, job.org_id, id);
    if (facts) items.push({ id, title: facts.title, slaDeadline: facts.slaDeadline, assignedToYou: facts.assignedTo === member.userId });
  }
  if (items.length === 0) return [];
  const message = digestMail(member.email, items);
  return [{ kind: job.kind, channel: "email", userId: member.userId, intentId: null, leaseId: null, to: member.email, subject: message.subject, message }];
}

/** The messages `job` becomes (none when what it tells about is gone or moved on). */
export function planJob(tx: OrgTx, job: Job): Promise<Planned[]> {
  if (job.kind.startsWith("lease.")) return planLease(tx, job);
  if (job.kind === JOB_KINDS.digest) return planDigest(tx, job);
  return planItem(tx, job);
}
