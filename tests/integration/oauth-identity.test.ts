import { randomUUID } from "node:crypto";
import type { Account } from "next-auth";
import { beforeAll, describe, expect, it } from "vitest";
import { authOptions } from "../../lib/auth/next-auth-options";
import { githubUserinfo, oauthClaims, oidcProviderKey } from "../../lib/auth/oauth-claims";
import { type OAuthClaims, linkOAuthIdentity } from "../../lib/domain/auth/link-oauth-identity";
import { type TestOrg, createTestOrg } from "../factories/org";
import { call } from "../helpers/api";
import { auditTypesFor, sqlExec, sqlRows } from "../helpers/sql";

// Issue 14, hole 6: OAuth/OIDC sign-in found the account by the email the provider sent, verified
// or not, on every sign-in. Now the first sign-in links the identity (provider, subject) to the
// account whose email the provider vouches for, and later ones go by the link alone.
// No IdP is reachable here, so the decision function runs against PostgreSQL, and the next-auth
// callbacks and the GitHub userinfo step are called directly (the latter with a fake fetch).

process.env.OIDC_ISSUER = "https://login.example.com/realms/acme";

let org: TestOrg;
beforeAll(async () => {
  org = await createTestOrg();
});

const subject = () => `sub-${randomUUID()}`;
const oidc = (claims: Partial<OAuthClaims>): OAuthClaims => ({ provider: oidcProviderKey(), subject: subject(), email: null, emailVerified: false, ...claims });
const identities = (userId: string) => sqlRows<{ provider: string; subject: string; email: string }>("SELECT provider, subject, email FROM user_identities WHERE user_id = $1 ORDER BY created_at", userId);

describe("linkOAuthIdentity", () => {
  it("refuses an email the provider does not vouch for, and links nothing", async () => {
    const user = await org.user("approver");
    for (const emailVerified of [false, "true" as unknown as boolean, undefined as unknown as boolean]) {
      expect(await linkOAuthIdentity(oidc({ email: user.email, emailVerified }))).toEqual({ ok: false, reason: "email_unverified" });
    }
    expect(await identities(user.userId)).toEqual([]);
  });

  it("links a verified email to its account (case aside), audits it in the user's org, and answers by the link afterwards", async () => {
    const user = await org.user("approver");
    const claims = oidc({ email: user.email.toUpperCase(), emailVerified: true });
    expect(await linkOAuthIdentity(claims)).toEqual({ ok: true, userId: user.userId, linked: "new" });
    expect(await identities(user.userId)).toEqual([{ provider: oidcProviderKey(), subject: claims.subject, email: user.email }]);
    expect(await auditTypesFor(org.orgId, user.userId)).toContain("user.identity_linked");
    expect((await call("GET", "/api/v1/audit/verify", { token: org.admin.token })).body.ok).toBe(true);
    expect(await linkOAuthIdentity(claims)).toEqual({ ok: true, userId: user.userId, linked: "existing" });
  });

  it("keeps mapping a linked identity to its user when the provider's email changes, even to another member's (unverified) email", async () => {
    const user = await org.user("approver");
    const victim = await org.user("admin");
    const claims = oidc({ email: user.email, emailVerified: true });
    await linkOAuthIdentity(claims);
    for (const email of [`renamed-${randomUUID().slice(0, 6)}@example.test`, victim.email]) {
      for (const emailVerified of [true, false]) {
        expect(await linkOAuthIdentity({ ...claims, email, emailVerified })).toEqual({ ok: true, userId: user.userId, linked: "existing" });
      }
    }
    expect(await identities(victim.userId)).toEqual([]);
  });

  it("refuses a second identity of the same provider claiming a linked user's verified email (an admin must unlink first)", async () => {
    const user = await org.user("publisher");
    await linkOAuthIdentity(oidc({ email: user.email, emailVerified: true }));
    expect(await linkOAuthIdentity(oidc({ email: user.email, emailVerified: true }))).toEqual({ ok: false, reason: "provider_already_linked" });
    // Another provider may link its own identity.
    expect(await linkOAuthIdentity({ provider: "github", subject: subject(), email: user.email, emailVerified: true })).toMatchObject({ ok: true, userId: user.userId });
    expect((await identities(user.userId)).map((i) => i.provider)).toEqual([oidcProviderKey(), "github"]);
  });

  it("never creates accounts: an unknown email, or an account in no organization, is refused", async () => {
    expect(await linkOAuthIdentity(oidc({ email: `stranger-${randomUUID().slice(0, 6)}@example.test`, emailVerified: true }))).toEqual({ ok: false, reason: "no_account" });
    const user = await org.user("viewer");
    await sqlExec("DELETE FROM memberships WHERE user_id = $1", user.userId);
    expect(await linkOAuthIdentity(oidc({ email: user.email, emailVerified: true }))).toEqual({ ok: false, reason: "no_account" });
    expect(await linkOAuthIdentity(oidc({ subject: "", email: user.email, emailVerified: true }))).toEqual({ ok: false, reason: "missing_subject" });
  });

  it("links once when first sign-ins race: the same identity twice, or two identities for one account", async () => {
    const user = await org.user("approver");
    const claims = oidc({ email: user.email, emailVerified: true });
    const same = await Promise.all([linkOAuthIdentity(claims), linkOAuthIdentity(claims), linkOAuthIdentity(claims)]);
    expect(same.every((r) => r.ok && r.userId === user.userId)).toBe(true);
    const other = await org.user("approver");
    const two = await Promise.all([linkOAuthIdentity(oidc({ email: other.email, emailVerified: true })), linkOAuthIdentity(oidc({ email: other.email, emailVerified: true }))]);
    expect(two.map((r) => (r.ok ? "ok" : r.reason)).sort()).toEqual(["ok", "provider_already_linked"]);
    expect(await identities(other.userId)).toHaveLength(1);
  });
});

describe("the next-auth callbacks", () => {
  const callbacks = () => authOptions().callbacks!;
  const account = (provider: string, providerAccountId: string) => ({ provider, providerAccountId, type: provider === "oidc" ? "oidc" : "oauth" }) as Account;

  it("refuses an OIDC sign-in without email_verified: true (redirect to /login with the reason), and makes no session", async () => {
    const user = await org.user("approver");
    const sub = subject();
    const profile = { sub, email: user.email, email_verified: false };
    const answer = await callbacks().signIn!({ user: { id: sub, email: user.email }, account: account("oidc", sub), profile } as never);
    expect(answer).toBe("/login?error=email_unverified");
    const token = await callbacks().jwt!({ token: {}, user: { id: sub, email: user.email }, account: account("oidc", sub), profile } as never);
    expect(token.uid).toBeNull();
    expect(token.orgId).toBeNull();
  });

  it("admits a verified OIDC sign-in, and the session is the linked user's even after the IdP's email changes", async () => {
    const user = await org.user("approver");
    const sub = subject();
    const first = { sub, email: user.email, email_verified: true };
    expect(await callbacks().signIn!({ user: { id: sub, email: user.email }, account: account("oidc", sub), profile: first } as never)).toBe(true);
    const token = await callbacks().jwt!({ token: {}, user: { id: sub, email: user.email }, account: account("oidc", sub), profile: first } as never);
    expect(token).toMatchObject({ uid: user.userId, orgId: org.orgId });
    const later = { sub, email: org.admin.email, email_verified: true };
    expect(await callbacks().signIn!({ user: { id: sub, email: org.admin.email }, account: account("oidc", sub), profile: later } as never)).toBe(true);
    const again = await callbacks().jwt!({ token: {}, user: { id: sub, email: org.admin.email }, account: account("oidc", sub), profile: later } as never);
    expect(again.uid).toBe(user.userId);
  });

  it("keys OIDC identities by issuer, so another issuer's same subject is another identity", () => {
    const a = oauthClaims({ provider: "oidc", providerAccountId: "42" }, { sub: "42", email: "x@example.test", email_verified: true });
    expect(a).toEqual({ provider: "oidc:https://login.example.com/realms/acme", subject: "42", email: "x@example.test", emailVerified: true });
    expect(oidcProviderKey("https://other.example.com/")).toBe("oidc:https://other.example.com");
  });
});

describe("GitHub's userinfo step", () => {
  const fakeGithub = (emails: unknown, profile: Record<string, unknown> = { id: 1234, login: "octo", email: "public@example.test" }) => {
    const seen: { url: string; auth: string | null }[] = [];
    const fetchImpl = (async (url: string, init?: RequestInit) => {
      seen.push({ url, auth: new Headers(init?.headers).get("authorization") });
      return Response.json(url.endsWith("/user/emails") ? emails : profile);
    }) as unknown as typeof fetch;
    return { fetchImpl, seen };
  };

  it("takes the verified primary email, asking GitHub with the access token", async () => {
    const { fetchImpl, seen } = fakeGithub([
      { email: "old@example.test", primary: false, verified: true },
      { email: "me@example.test", primary: true, verified: true },
    ]);
    const profile = await githubUserinfo({ tokens: { access_token: "gho_abc" } }, fetchImpl);
    expect(profile).toMatchObject({ id: 1234, email: "me@example.test", email_verified: true });
    expect(seen).toEqual([
      { url: "https://api.github.com/user", auth: "Bearer gho_abc" },
      { url: "https://api.github.com/user/emails", auth: "Bearer gho_abc" },
    ]);
    expect(oauthClaims({ provider: "github", providerAccountId: "1234" }, profile)).toEqual({ provider: "github", subject: "1234", email: "me@example.test", emailVerified: true });
  });

  it("offers no email when the primary one is unverified (never the public profile email, never another verified one)", async () => {
    for (const emails of [[{ email: "me@example.test", primary: true, verified: false }, { email: "other@example.test", primary: false, verified: true }], [], { message: "Bad credentials" }]) {
      const profile = await githubUserinfo({ tokens: { access_token: "gho_abc" } }, fakeGithub(emails).fetchImpl);
      expect(profile).toMatchObject({ email: null, email_verified: false });
      expect(oauthClaims({ provider: "github", providerAccountId: "1234" }, profile).emailVerified).toBe(false);
    }
  });

  it("is the GitHub provider's userinfo request when GitHub is configured", () => {
    process.env.GITHUB_ID = "id";
    process.env.GITHUB_SECRET = "secret";
    try {
      const github = authOptions().providers.find((p) => p.id === "github") as { options?: { userinfo?: { request?: unknown } } };
      expect(typeof github.options?.userinfo?.request).toBe("function");
    } finally {
      delete process.env.GITHUB_ID;
      delete process.env.GITHUB_SECRET;
    }
  });
});
