import { registerCredential } from "../../auth/credential-hashes";
import { lockKey } from "../../db/locks";
import { AppError } from "../../errors";
import { newId } from "../../ids";
import type { Role } from "../../roles";
import { deliverAccountMails, queueAccountMail } from "../../mail/outbox";
import { smtpTransport } from "../../mail/transport";
import { invitationMail } from "../../mail/templates";
import { appendAuditEvent } from "../audit/append-audit-event";
import type { UserContext } from "../request-context";
import { INVITATION_TTL_DAYS, acceptUrl, mintInvitationToken } from "./invitation-link";
import { serializeInvitation } from "./serialize-invitation";

/**
 * POST /members: invites a person to the caller's org with a role. Never an account: whoever
 * opens the single-use link sets their own password, or signs in to the account the email already
 * has (lib/domain/members/accept-invitation.ts). Whether the email has an account anywhere is
 * never looked at, so the answer cannot tell; only this org's own members are refused (409).
 * A new invitation for the same email replaces a pending one (its link stops working). Where mail
 * is configured (SMTP_URL) the link is also emailed, from the account-mail outbox (sealed: the link
 * is a credential); without it the admin hands the link over, and nothing holds a copy.
 */
export async function inviteMember(ctx: UserContext, input: { email: string; role: Role }, baseUrl: string) {
  const email = input.email.trim().toLowerCase();
  const minted = mintInvitationToken();
  const mailed = smtpTransport() !== null;
  const answer = await ctx.tx(async (tx) => {
    await lockKey(tx, `invitation:${ctx.orgId}:${email}`);
    const member = await tx.membership.findFirst({ where: { user: { email: { equals: email, mode: "insensitive" } } } });
    if (member) throw new AppError("conflict", `${email} is already a member of this organization`);
    const now = new Date();
    const replaced = await tx.invitation.findMany({ where: { email, acceptedAt: null, revokedAt: null }, select: { id: true } });
    if (replaced.length > 0) {
      await tx.invitation.updateMany({ where: { id: { in: replaced.map((r) => r.id) } }, data: { revokedAt: now } });
    }
    const invitation = await tx.invitation.create({
      data: {
        id: newId("inv"),
        orgId: ctx.orgId,
        email,
        role: input.role,
        tokenHash: minted.hash,
        invitedById: ctx.actor.id,
        expiresAt: new Date(now.getTime() + INVITATION_TTL_DAYS * 86_400_000),
      },
    });
    await registerCredential(tx, ctx.orgId, "invitation", minted.hash);
    await appendAuditEvent(tx, ctx.orgId, {
      actor: ctx.actor,
      type: "invitation.created",
      subject: { type: "invitation", id: invitation.id },
      data: { email, role: input.role, expires_at: invitation.expiresAt.toISOString(), ...(replaced.length > 0 ? { replaces: replaced.map((r) => r.id) } : {}) },
    });
    const url = acceptUrl(baseUrl, minted.token);
    if (mailed) {
      const org = await tx.organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { name: true } });
      await queueAccountMail(tx, "invitation", invitationMail(email, org.name, input.role, url, INVITATION_TTL_DAYS));
    }
    return { ...serializeInvitation(invitation), accept_url: url, emailed: mailed };
  });
  if (mailed) await deliverAccountMails().catch((error) => console.error("[invitation] mail:", (error as Error).message));
  return answer;
}
