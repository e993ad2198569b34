import { db } from "../../db/client";
import { newId } from "../../ids";
import { appendUserAuditEvents } from "../audit/append-user-audit-events";

/** What an OAuth/OIDC provider says about who signed in, normalized (lib/auth/oauth-claims.ts). */
export interface OAuthClaims {
  /** Our name for the provider: `github`, or `oidc:<issuer origin and path>` (subjects are unique per issuer only). */
  provider: string;
  /** The provider's stable, never-reassigned id of the account (`sub`; GitHub's numeric id). */
  subject: string;
  email: string | null | undefined;
  /** True only when the provider vouches for the email (OIDC `email_verified === true`; GitHub: a verified primary email). */
  emailVerified: boolean;
}

export type OAuthLinkRefusal =
  /** No subject: nothing stable to link. */
  | "missing_subject"
  /** First sign-in with this identity, and the provider does not vouch for the email. */
  | "email_unverified"
  /** No account with that email, or one in no organization: OAuth never creates accounts or memberships. */
  | "no_account"
  /** The account is already linked to another identity of this provider: an admin must unlink it first. */
  | "provider_already_linked";

export type OAuthLinkResult = { ok: true; userId: string; linked: "existing" | "new" } | { ok: false; reason: OAuthLinkRefusal };

/**
 * Decides who an OAuth/OIDC sign-in is, without trusting an email more than once:
 * - an identity already linked (provider, subject) is that user, whatever email it now claims (an
 *   email changed at the provider cannot move the sign-in to someone else's account);
 * - otherwise the provider must vouch for the email, an account with that email must exist in
 *   some organization (no self-signup), and that account must have no identity of this provider
 *   yet (a second account at the same provider claiming the email, say a recycled or re-created
 *   one, is refused: an admin removes the old link first). Then the link is made, audited in each
 *   of the user's orgs, and used from then on.
 */
export async function linkOAuthIdentity(claims: OAuthClaims): Promise<OAuthLinkResult> {
  if (!claims.provider || !claims.subject) return { ok: false, reason: "missing_subject" };
  const linked = await findLinked(claims);
  if (linked) return { ok: true, userId: linked, linked: "existing" };
  const email = claims.email?.trim().toLowerCase();
  if (!email || claims.emailVerified !== true) return { ok: false, reason: "email_unverified" };
  const user = await db().user.findUnique({ where: { email }, select: { id: true, _count: { select: { memberships: true } } } });
  if (!user || user._count.memberships === 0) return { ok: false, reason: "no_account" };
  try {
    return await db().$transaction(async (tx) => {
      // Serializes links to this user (two first sign-ins at once), so "no identity of this provider yet" holds when the link is written.
      await tx.$queryRaw`SELECT id FROM users WHERE id = ${user.id} FOR UPDATE`;
      const other = await tx.userIdentity.findFirst({ where: { userId: user.id, provider: claims.provider } });
      // The same identity, linked by a concurrent first sign-in while this one waited: that link stands.
      if (other?.subject === claims.subject) return { ok: true as const, userId: user.id, linked: "existing" as const };
      if (other) return { ok: false as const, reason: "provider_already_linked" as const };
      const identity = await tx.userIdentity.create({
        data: { id: newId("idn"), userId: user.id, provider: claims.provider, subject: claims.subject, email },
      });
      await appendUserAuditEvents(tx, user.id, {
        actor: { type: "user", id: user.id },
        type: "user.identity_linked",
        subject: { type: "user", id: user.id },
        data: { identity_id: identity.id, provider: claims.provider, subject: claims.subject, email },
      });
      return { ok: true as const, userId: user.id, linked: "new" as const };
    });
  } catch (error) {
    // The same identity linked by a concurrent first sign-in: that link stands.
    if ((error as { code?: string }).code === "P2002") {
      const winner = await findLinked(claims);
      if (winner) return { ok: true, userId: winner, linked: "existing" };
    }
    throw error;
  }
}

/** The user an identity is linked to, or null. */
export async function findLinked(claims: Pick<OAuthClaims, "provider" | "subject">): Promise<string | null> {
  if (!claims.provider || !claims.subject) return null;
  const identity = await db().userIdentity.findUnique({ where: { provider_subject: { provider: claims.provider, subject: claims.subject } }, select: { userId: true } });
  return identity?.userId ?? null;
}
