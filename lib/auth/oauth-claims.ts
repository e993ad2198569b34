import type { OAuthClaims } from "../domain/auth/link-oauth-identity";
import { setting } from "../config.mjs";

/** Our provider name for the configured OIDC issuer: subjects are unique per issuer only, so the issuer is part of it. */
export function oidcProviderKey(issuer = setting("OIDC_ISSUER") ?? ""): string {
  return `oidc:${issuer.replace(/\/+$/, "")}`;
}

type GithubEmail = { email?: unknown; primary?: unknown; verified?: unknown };

/**
 * next-auth's GitHub `userinfo.request`: the profile from /user, with `email` replaced by the
 * account's primary email only if GitHub has verified it (from /user/emails, scope user:email),
 * and `email_verified` saying so. GitHub's /user `email` is whatever the user chose to make
 * public, and its profile carries no verification flag at all. `fetchImpl` is for tests.
 */
export async function githubUserinfo(
  { tokens }: { tokens: { access_token?: string } },
  fetchImpl: typeof fetch = fetch,
): Promise<Record<string, unknown>> {
  const headers = { authorization: `Bearer ${tokens.access_token ?? ""}`, accept: "application/vnd.github+json", "user-agent": "Tollgate" };
  const userRes = await fetchImpl("https://api.github.com/user", { headers });
  if (!userRes.ok) throw new Error(`GitHub /user answered ${userRes.status}`);
  const profile = (await userRes.json()) as Record<string, unknown>;
  const emailsRes = await fetchImpl("https://api.github.com/user/emails", { headers });
  const emails = emailsRes.ok ? ((await emailsRes.json()) as GithubEmail[]) : [];
  const primary = Array.isArray(emails) ? emails.find((e) => e?.primary === true && e?.verified === true && typeof e.email === "string") : undefined;
  return { ...profile, email: (primary?.email as string | undefined) ?? null, email_verified: primary !== undefined };
}

/**
 * The claims linkOAuthIdentity decides on, from next-auth's `account` and the provider's raw
 * profile (the OIDC ID token's claims; for GitHub, githubUserinfo's answer). The email counts as
 * verified only when the provider says exactly `true`.
 */
export function oauthClaims(account: { provider: string; providerAccountId: string }, profile: Record<string, unknown> | undefined): OAuthClaims {
  const raw = profile ?? {};
  const email = typeof raw.email === "string" ? raw.email : null;
  if (account.provider === "oidc") {
    const subject = typeof raw.sub === "string" && raw.sub ? raw.sub : account.providerAccountId;
    return { provider: oidcProviderKey(), subject, email, emailVerified: raw.email_verified === true };
  }
  return { provider: account.provider, subject: String(account.providerAccountId ?? ""), email, emailVerified: raw.email_verified === true };
}
