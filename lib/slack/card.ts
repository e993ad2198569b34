import type { KnownBlock } from "@slack/web-api";
import { type ItemFacts, payloadExcerpt } from "../notify/item-facts";
import { itemLink } from "../notify/messages";

// The Block Kit card of an item (issue 17): title, why, next effect, payload excerpt, rule,
// approvals n of m, SLA. Approve and Reject only while it waits and needs no passkey step-up (that
// takes the dashboard); every card opens the item in Tollgate. Once decided, the same message is
// updated in place with the outcome and who decided.

export const APPROVE_ACTION = "tollgate_approve";
export const REJECT_ACTION = "tollgate_reject";
export const REJECT_VIEW = "tollgate_reject_reason";
export const REASON_BLOCK = "reason";
export const REASON_INPUT = "reason_input";

/** Slack's mrkdwn treats these three as control characters. */
const mrkdwn = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const slackTime = (date: Date) => `<!date^${Math.floor(date.getTime() / 1000)}^{date_short_pretty} {time}|${date.toISOString()}>`;

const STATUS_LINES: Record<string, string> = {
  approved: ":white_check_mark: *Approved*",
  rejected: ":no_entry: *Rejected*",
  expired: ":hourglass: *Expired* without a decision",
  cancelled: ":heavy_multiplication_x: *Cancelled* by its agent",
};

export function itemCard(facts: ItemFacts): { text: string; blocks: KnownBlock[] } {
  const pending = facts.status === "pending_approval";
  const about = [
    ...(facts.rationale ? [`*Why:* ${mrkdwn(clip(facts.rationale, 700))}`] : []),
    ...(facts.nextEffect ? [`*Next effect:* ${mrkdwn(clip(facts.nextEffect, 500))}`] : []),
  ];
  const blocks: KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: clip(facts.title, 150) } },
    ...(about.length ? [{ type: "section" as const, text: { type: "mrkdwn" as const, text: about.join("\n") } }] : []),
    {
      type: "section",
      fields: [
        { type: "mrkdwn", text: `*Agent*\n${mrkdwn(facts.agentName)}` },
        { type: "mrkdwn", text: `*Action*\n\`${mrkdwn(facts.action)}\`${facts.environment ? ` in ${mrkdwn(facts.environment)}` : ""}` },
        { type: "mrkdwn", text: `*Rule*\n${mrkdwn(facts.ruleId ?? "(default)")}` },
        { type: "mrkdwn", text: `*Approvals*\n${facts.approvalsGiven} of ${facts.approvalsRequired} (${facts.approverRole}+${facts.stepUp ? ", passkey" : ""})` },
        { type: "mrkdwn", text: `*SLA*\n${facts.slaDeadline ? slackTime(facts.slaDeadline) : "none"}` },
      ],
    },
    { type: "section", text: { type: "mrkdwn", text: `\`\`\`${clip(payloadExcerpt(facts, 2500), 2900)}\`\`\`` } },
  ];
  const decided = facts.decisions.map((d) => `${d.decision === "approve" ? "approved" : "rejected"} by ${mrkdwn(d.email)} (${d.via})${d.reason ? `: ${mrkdwn(clip(d.reason, 200))}` : ""}`);
  if (!pending || decided.length) {
    const status = pending ? "*Waiting*" : (STATUS_LINES[facts.status] ?? `*${facts.status}*`);
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: [status, ...decided].join(" · ") }] });
  }
  const open = { type: "button" as const, action_id: "tollgate_open", text: { type: "plain_text" as const, text: "Open in Tollgate" }, url: itemLink(facts.id) };
  const decide = pending && !facts.stepUp
    ? [
        { type: "button" as const, action_id: APPROVE_ACTION, style: "primary" as const, value: facts.id, text: { type: "plain_text" as const, text: "Approve" } },
        { type: "button" as const, action_id: REJECT_ACTION, style: "danger" as const, value: facts.id, text: { type: "plain_text" as const, text: "Reject" } },
      ]
    : [];
  blocks.push({ type: "actions", block_id: `tollgate:${facts.id}`, elements: [...decide, open] });
  const text = pending ? `Approval needed: ${facts.title}` : `${facts.status}: ${facts.title}`;
  return { text, blocks };
}

export const APPROVE_VIEW = "tollgate_approve_reason";

/**
 * The modal of a decision (views.open); private_metadata carries the item. A rejection needs a
 * reason (the agent is told it). An approval asks for one too: the API refuses an approval given
 * within 10 s of the request without one (the rubber-stamp guard), and a confirmation step keeps a
 * misclick in a busy channel from approving anything.
 */
export function decisionModal(decision: "approve" | "reject", intentId: string, title: string) {
  const approve = decision === "approve";
  return {
    type: "modal" as const,
    callback_id: approve ? APPROVE_VIEW : REJECT_VIEW,
    private_metadata: intentId,
    title: { type: "plain_text" as const, text: approve ? "Approve" : "Reject" },
    submit: { type: "plain_text" as const, text: approve ? "Approve" : "Reject" },
    close: { type: "plain_text" as const, text: "Cancel" },
    blocks: [
      {
        type: "section" as const,
        text: { type: "mrkdwn" as const, text: approve ? `Approving *${mrkdwn(clip(title, 200))}*: it runs with exactly the payload on the card.` : `Rejecting *${mrkdwn(clip(title, 200))}*. The agent is told the reason.` },
      },
      {
        type: "input" as const,
        block_id: REASON_BLOCK,
        optional: approve,
        label: { type: "plain_text" as const, text: approve ? "Reason (needed within 10 s of the request)" : "Reason" },
        element: { type: "plain_text_input" as const, action_id: REASON_INPUT, multiline: true, max_length: 1000 },
      },
    ],
  };
}
