import type { Notification } from "../../generated/prisma/client";
import { notFound } from "../../errors";
import type { MailMessage } from "../../mail/transport";
import { decodeCursor, encodeCursor } from "../intents/intent-cursor";
import { type Page, pageOf } from "../pagination";
import type { UserContext } from "../request-context";

// The org's notifications, newest first (admins): the delivery log, and without SMTP_URL the dev
// mailbox (its held emails). Org notifications hold no secret. Account mails (password reset,
// verification, invitations) are never here: they are a person's, and carry single-use links.

function serialize(n: Notification) {
  return {
    id: n.id,
    kind: n.kind,
    channel: n.channel as "email" | "slack",
    to: n.toAddress,
    user_id: n.userId,
    intent_id: n.intentId,
    lease_id: n.leaseId,
    subject: n.subject,
    status: n.status as "queued" | "sent" | "held" | "failed",
    attempts: n.attempts,
    last_error: n.lastError,
    created_at: n.createdAt.toISOString(),
    sent_at: n.sentAt?.toISOString() ?? null,
  };
}

export async function listNotifications(ctx: UserContext, query: Page & { channel?: "email" | "slack"; intent_id?: string }) {
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const rows = await ctx.db.notification.findMany({
    where: {
      ...(query.channel && { channel: query.channel }),
      ...(query.intent_id && { intentId: query.intent_id }),
      ...(after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
  });
  return pageOf(rows, query.limit, encodeCursor, serialize);
}

export async function getNotification(ctx: UserContext, id: string) {
  const row = await ctx.db.notification.findUnique({ where: { orgId_id: { orgId: ctx.orgId, id } } });
  if (!row) throw notFound("Notification");
  const mail = row.channel === "email" ? (row.message as unknown as MailMessage) : null;
  return { ...serialize(row), text: mail?.text ?? null, html: mail?.html ?? null };
}
