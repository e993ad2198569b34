import { registerCredential } from "../../auth/credential-hashes";
import { lockKey } from "../../db/locks";
import { AppError } from "../../errors";
import { newId } from "../../ids";
import type { Role } from "../../roles";
import { appendAuditEvent } from "../audit/append-audit-event";
import type { UserContext } from "../request-context";
import { INVITATION_TTL_DAYS, acceptUrl, mintInvitationToken } from "./invitation-link";
import { serializeInvitation } from "./serialize-invitation";

/**
 * POST /members: invites a person to the caller's org with a role. Never an account: whoever
 * opens the single-use link sets their own password, or signs in to the account the email already
 * has (lib/domain/members/accept-invitation.ts). Whether the email has an account anywhere is
 * never looked at, so the answer cannot tell; only this org's own members are refused (409).
 * A new invitation for the same email replaces a pending one (its link stops working).
 */
export async function inviteMember(ctx: UserContext, input: { email: string; role: Role }, baseUrl: string) {
  const email = input.email.trim().toLowerCase();
  const minted = mintInvitationToken();
  return ctx.tx(async (tx) => {
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
    return { ...serializeInvitation(invitation), accept_url: acceptUrl(baseUrl, minted.token) };
  });
}
