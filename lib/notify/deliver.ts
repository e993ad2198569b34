import type { WebClient } from "@slack/web-api";
import { db } from "../db/client";
import { inOrgTx } from "../db/scoped";
import { appendAuditEvent } from "../domain/audit/append-audit-event";
import { logDecision } from "../domain/intents/log-decision";
import { retryDelaySeconds } from "../mail/outbox";
import { type MailMessage, sendMail, smtpTransport } from "../mail/transport";
import { itemCard } from "../slack/card";
import { slackClient } from "../slack/client";
import { slackSettings } from "../slack/connection";
import { readItemFacts } from "./item-facts";

// The notifier's second half: sends due messages (claimed with SKIP LOCKED, outside any
// transaction), then records the outcome in one transaction with the item's decisions-log line
// and an audit event, so the chain of custody shows who was told what, when, and every failed
// delivery. A refusal is retried with backoff (MAX_DELIVERY_ATTEMPTS). Without SMTP_URL an email
// is held: it stays readable in the dashboard's dev mailbox (admins), and the server log names it.

export const MAX_DELIVERY_ATTEMPTS = 8;
const CLAIM_SECONDS = 120;
const BATCH = 25;

interface Claimed {
  org_id: string;
  id: string;
  kind: string;
  channel: "email" | "slack";
  user_id: string | null;
  intent_id: string | null;
  lease_id: string | null;
  to_address: string;
  subject: string;
  message: MailMessage | { op: "post" | "update" | "dm" };
  attempts: number;
  queued_ms: number;
}

type Outcome = { status: "sent" | "held"; detail: string } | { status: "retry" | "failed"; detail: string };

/** The card of the item, as it is now: posted, updated in place, or sent as a DM. */
async function sendSlack(m: Claimed, client: WebClient, op: "post" | "update" | "dm"): Promise<string> {
  const facts = await readItemFacts(undefined, m.org_id, m.intent_id as string);
  if (!facts) return "the item is gone";
  const card = itemCard(facts);
  if (op === "update") {
    // Slack's chat.update takes the channel's id (what postMessage answered), not the #name the settings hold.
    const posted = await db().$queryRaw<{ channel: string; ts: string }[]>`SELECT channel, ts FROM slack_messages WHERE org_id = ${m.org_id} AND intent_id = ${m.intent_id}`;
    // No card posted yet (its post is queued or failed): the post reads the item when it is sent.
    if (posted.length === 0) return "no card to update yet";
    for (const message of posted) await client.chat.update({ channel: message.channel, ts: message.ts, ...card });
    return `card updated in ${posted.map((p) => p.channel).join(", ")}`;
  }
  const answer = await client.chat.postMessage({ channel: m.to_address, ...card });
  if (op === "dm") return `sent to Slack user ${m.to_address}`;
  const ts = answer.ts as string;
  const channel = (answer.channel as string | undefined) ?? m.to_address;
  await db().$executeRaw`INSERT INTO slack_messages (org_id, intent_id, channel, ts) VALUES (${m.org_id}, ${m.intent_id}, ${channel}, ${ts})
    ON CONFLICT (org_id, intent_id, channel) DO UPDATE SET ts = EXCLUDED.ts`;
  // Decided while the post was on its way: show the outcome at once.
  const now = await readItemFacts(undefined, m.org_id, m.intent_id as string);
  if (now && (now.status !== facts.status || now.approvalsGiven !== facts.approvalsGiven)) await client.chat.update({ channel, ts, ...itemCard(now) });
  return `card posted in ${m.to_address}`;
}

async function attempt(m: Claimed): Promise<Outcome> {
  const last = m.attempts >= MAX_DELIVERY_ATTEMPTS;
  try {
    if (m.channel === "email") {
      const transport = smtpTransport();
      if (!transport) {
        const link = (m.message as MailMessage).text.match(/https?:\/\/\S+/g)?.at(-1) ?? "";
        console.log(`[mail] ${m.kind} to ${m.to_address} held (no SMTP_URL), in the dev mailbox: "${m.subject}" ${link}`);
        return { status: "held", detail: "held in the dev mailbox (no SMTP_URL)" };
      }
      await sendMail(transport, m.message as MailMessage);
      return { status: "sent", detail: `emailed ${m.to_address}` };
    }
    const settings = await slackSettings(m.org_id);
    if (!settings) return { status: "failed", detail: "Slack is not connected any more" };
    const detail = await sendSlack(m, slackClient(settings.botToken), (m.message as { op: "post" | "update" | "dm" }).op);
    return { status: "sent", detail };
  } catch (error) {
    const data = (error as { data?: { error?: string } }).data;
    const detail = (data?.error ? `Slack: ${data.error}` : (error as Error).message).slice(0, 500);
    return { status: last ? "failed" : "retry", detail };
  }
}

async function record(m: Claimed, outcome: Outcome): Promise<void> {
  await inOrgTx(m.org_id, async (tx) => {
    if (outcome.status === "retry") {
      await tx.$executeRaw`UPDATE notifications SET last_error = ${outcome.detail}, next_attempt_at = now() + make_interval(secs => ${retryDelaySeconds(m.attempts)})
        WHERE org_id = ${m.org_id} AND id = ${m.id}`;
    } else if (outcome.status === "failed") {
      await tx.$executeRaw`UPDATE notifications SET status = 'failed', last_error = ${outcome.detail} WHERE org_id = ${m.org_id} AND id = ${m.id}`;
    } else {
      await tx.$executeRaw`UPDATE notifications SET status = ${outcome.status}, sent_at = now(), last_error = NULL WHERE org_id = ${m.org_id} AND id = ${m.id}`;
    }
    const delivered = outcome.status === "sent" || outcome.status === "held";
    const data = { notification_id: m.id, kind: m.kind, channel: m.channel, to_user: m.user_id, status: outcome.status, attempt: m.attempts, detail: outcome.detail };
    const actor = { type: "system", id: "notifier" };
    const what = `${m.channel === "email" ? "Email" : "Slack"} ${m.kind.replace(/[._]/g, " ")}`;
    const reason = delivered ? `${what}: ${outcome.detail}` : `${what} to ${m.to_address} failed (attempt ${m.attempts}${outcome.status === "failed" ? ", given up" : ", will retry"}): ${outcome.detail}`;
    if (m.intent_id) await logDecision(tx, m.org_id, m.intent_id, { kind: "notification", actor, reason, data });
    const subject = m.intent_id ? { type: "intent", id: m.intent_id } : m.lease_id ? { type: "lease", id: m.lease_id } : { type: "user", id: m.user_id ?? m.to_address };
    await appendAuditEvent(tx, m.org_id, { actor, type: delivered ? "notification.sent" : "notification.failed", subject, data });
  });
}

/** Sends the due messages (of one org, when given: tests); answers how many were sent or held. System-run. */
export async function deliverNotifications(orgId: string | null = null): Promise<number> {
  const claimed = await db().$queryRaw<Claimed[]>`
    UPDATE notifications SET attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => ${CLAIM_SECONDS})
    WHERE (org_id, id) IN (
      SELECT org_id, id FROM notifications WHERE status = 'queued' AND next_attempt_at <= now() AND (${orgId}::text IS NULL OR org_id = ${orgId}) ORDER BY next_attempt_at, created_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED
    )
    RETURNING org_id, id, kind, channel, user_id, intent_id, lease_id, to_address, subject, message, attempts, extract(epoch FROM created_at)::float8 * 1000 AS queued_ms`;
  // In the order they were queued (a post before an update of the same moment): an item's card is posted before its updates are tried.
  const rank = (m: Claimed) => ("op" in m.message && m.message.op === "update" ? 1 : 0);
  claimed.sort((a, b) => a.queued_ms - b.queued_ms || rank(a) - rank(b));
  let delivered = 0;
  for (const m of claimed) {
    const outcome = await attempt(m);
    if (outcome.status === "sent" || outcome.status === "held") delivered++;
    await record(m, outcome).catch((error) => console.error(`[notify] recording notification ${m.id}: ${(error as Error).message}`));
  }
  return delivered;
}
