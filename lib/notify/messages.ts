import { appOrigin } from "../http/public-origin";
import type { MailMessage } from "../mail/transport";
import { composeMail } from "../mail/templates";
import { type ItemFacts, payloadExcerpt } from "./item-facts";
import { JOB_KINDS } from "./kinds";

// The mails the notifier sends about items and leases. Every link opens a dashboard page, which
// shows the whole item and acts only on a click there: no link resolves anything by itself.

export const itemLink = (id: string) => `${appOrigin()}/approvals/${id}`;
export const intentLink = (id: string) => `${appOrigin()}/intents/${id}`;
export const leaseLink = (id: string) => `${appOrigin()}/leases/${id}`;

const when = (date: Date | null) => (date ? date.toISOString().replace(/\.\d{3}Z$/, "Z") : "no deadline");

/** The lines every mail about a pending item carries: what, why, the effect, the rule and where it stands. */
function itemLines(facts: ItemFacts): string[] {
  return [
    `${facts.agentName} proposes ${facts.action}${facts.environment ? ` in ${facts.environment}` : ""}.`,
    ...(facts.rationale ? [`Why: ${facts.rationale}`] : []),
    ...(facts.nextEffect ? [`Next effect: ${facts.nextEffect}`] : []),
    `Rule ${facts.ruleId ?? "(default)"}: ${facts.approvalsGiven} of ${facts.approvalsRequired} approvals from ${facts.approverRole} or above${facts.stepUp ? ", with passkey step-up" : ""}. SLA: ${when(facts.slaDeadline)}.`,
  ];
}

const SUBJECTS: Record<string, (facts: ItemFacts) => string> = {
  [JOB_KINDS.request]: (f) => `Approval needed: ${f.title}`,
  [JOB_KINDS.assigned]: (f) => `Assigned to you: ${f.title}`,
  [JOB_KINDS.halfway]: (f) => `Reminder, halfway to its SLA: ${f.title}`,
  [JOB_KINDS.breach]: (f) => `SLA about to breach (${when(f.slaDeadline)}): ${f.title}`,
  "intent.escalated": (f) => `Escalated to ${f.approverRole}: ${f.title}`,
};

/** A mail to a reviewer about a pending item (a request, an assignment, a reminder, an escalation). */
export function reviewMail(kind: string, to: { email: string; userId: string }, facts: ItemFacts): MailMessage {
  const subject = (SUBJECTS[kind] ?? SUBJECTS[JOB_KINDS.request])(facts);
  const assigned = facts.assignedTo === to.userId ? ["It is assigned to you."] : facts.assignedTo ? [] : ["Nobody is assigned yet: any eligible reviewer may take it."];
  return composeMail(to.email, subject, [...itemLines(facts), ...assigned], { href: itemLink(facts.id), label: "Review it in Tollgate" }, payloadExcerpt(facts));
}

const OUTCOME_WORDS: Record<string, string> = { approved: "Approved", rejected: "Rejected", expired: "Expired without a decision", cancelled: "Cancelled" };

/** The outcome of an item, to its agent's owner. */
export function outcomeMail(to: string, facts: ItemFacts): MailMessage {
  const decided = facts.decisions.map((d) => `${d.decision === "approve" ? "Approved" : "Rejected"} by ${d.email} (via ${d.via})${d.reason ? `: ${d.reason}` : ""}`);
  return composeMail(
    to,
    `${OUTCOME_WORDS[facts.status] ?? facts.status}: ${facts.title}`,
    [`${facts.agentName}'s ${facts.action} is ${facts.status}.`, ...decided],
    { href: intentLink(facts.id), label: "Open it in Tollgate" },
  );
}

export interface LeaseFacts {
  id: string;
  agentName: string;
  capabilities: string[];
  expiresAt: Date | null;
}

/** A lease of one of the owner's agents is about to end (`expiring`) or ended. */
export function leaseMail(to: string, lease: LeaseFacts, expiring: boolean): MailMessage {
  const subject = expiring ? `Lease of ${lease.agentName} ends at ${when(lease.expiresAt)}` : `Lease of ${lease.agentName} expired`;
  const lines = [
    `The lease ${lease.id} (${lease.capabilities.join(", ")}) of ${lease.agentName} ${expiring ? `ends at ${when(lease.expiresAt)}` : `ended at ${when(lease.expiresAt)}`}.`,
    expiring ? "The agent may ask to renew it; a renewal that needs approval will reach the reviewers." : "The agent can no longer act under it.",
  ];
  return composeMail(to, subject, lines, { href: leaseLink(lease.id), label: "Open the lease in Tollgate" });
}

/** The daily digest: the items that wait for this member. */
export function digestMail(to: string, items: { id: string; title: string; slaDeadline: Date | null; assignedToYou: boolean }[]): MailMessage {
  const lines = [
    `${items.length} item${items.length === 1 ? "" : "s"} wait${items.length === 1 ? "s" : ""} for a reviewer like you in Tollgate.`,
    ...items.slice(0, 20).map((i) => `• ${i.title}${i.assignedToYou ? " (assigned to you)" : ""}, SLA ${when(i.slaDeadline)}: ${itemLink(i.id)}`),
  ];
  return composeMail(to, `Tollgate digest: ${items.length} waiting`, lines, { href: `${appOrigin()}/approvals`, label: "Open the queue" });
}
