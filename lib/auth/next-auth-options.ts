import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GithubProvider from "next-auth/providers/github";
import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { db } from "../db/client";
import { findLinked, linkOAuthIdentity } from "../domain/auth/link-oauth-identity";
import { verifyLogin } from "../domain/auth/verify-login";
import { AppError } from "../errors";
import { RateLimited } from "../http/rate-limit";
import { verifyPasskeyLogin } from "../domain/passkeys/passkey-login";
import { ZAssertion } from "../schemas/webauthn";
import { setting } from "../config.mjs";
import { githubUserinfo, oauthClaims } from "./oauth-claims";
import { deriveSecret } from "./server-secret";

export const SESSION_MAX_AGE_SECONDS = 12 * 3600;

/** next-auth's JWT secret, derived from TOLLGATE_SECRET so every instance agrees without another variable. */
export function nextAuthSecret(): string {
  return setting("NEXTAUTH_SECRET") ?? deriveSecret("nextauth", "session").toString("hex");
}

/** The org a new session starts in: the user's oldest membership. */
async function defaultOrgId(userId: string): Promise<string | null> {
  const membership = await db().membership.findFirst({ where: { userId }, orderBy: { createdAt: "asc" } });
  return membership?.orgId ?? null;
}

/**
 * Email + password always; GitHub and a generic OIDC provider when their variables are set.
 * OAuth sign-in only admits people who are already members: the first sign-in links the identity
 * (provider, subject) to the account with the provider-verified email, later ones go by that link
 * alone (lib/domain/auth/link-oauth-identity.ts). Membership is granted by an admin, never by signing in.
 */
function providers(): NextAuthOptions["providers"] {
  const list: NextAuthOptions["providers"] = [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        const forwarded = req?.headers?.["x-forwarded-for"];
        const address = String(Array.isArray(forwarded) ? forwarded[0] : (forwarded ?? "unknown")).split(",")[0]?.trim() || "unknown";
        // While the brute-force brake holds, sign-in fails like a wrong password (no oracle). An
        // unverified email (right password only) reaches the login page as its error code.
        const user = await verifyLogin(credentials?.email ?? "", credentials?.password ?? "", address).catch((error) => {
          if (error instanceof RateLimited) return null;
          if (error instanceof AppError && error.code === "email_unverified") throw new Error("email_unverified");
          throw error;
        });
        return user ? { id: user.id, email: user.email, name: user.name } : null;
      },
    }),
  ];
  list.push(
    CredentialsProvider({
      id: "passkey",
      name: "Passkey",
      credentials: { response: { label: "Passkey response", type: "text" } },
      async authorize(credentials) {
        let response: unknown;
        try {
          response = JSON.parse(credentials?.response ?? "null");
        } catch {
          return null;
        }
        const parsed = ZAssertion.safeParse(response);
        return parsed.success ? verifyPasskeyLogin(parsed.data as AuthenticationResponseJSON) : null;
      },
    }),
  );
  const [githubId, githubSecret] = [setting("GITHUB_ID"), setting("GITHUB_SECRET")];
  if (githubId && githubSecret) {
    list.push(
      GithubProvider({
        clientId: githubId,
        clientSecret: githubSecret,
        // The verified primary email (GitHub's profile has no verification flag): githubUserinfo.
        userinfo: { url: "https://api.github.com/user", request: ({ tokens }) => githubUserinfo({ tokens }) },
        profile: (profile: { id: number | string; name?: string | null; login?: string; email?: string | null; avatar_url?: string }) => ({
          id: String(profile.id),
          name: profile.name ?? profile.login ?? null,
          email: profile.email ?? null,
          image: profile.avatar_url ?? null,
        }),
      }),
    );
  }
  const [issuer, clientId, clientSecret] = [setting("OIDC_ISSUER"), setting("OIDC_CLIENT_ID"), setting("OIDC_CLIENT_SECRET")];
  if (issuer && clientId && clientSecret) {
    list.push({
      id: "oidc",
      name: setting("OIDC_NAME"),
      type: "oauth",
      wellKnown: `${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId,
      clientSecret,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      profile: (profile: { sub: string; email?: string; name?: string }) => ({ id: profile.sub, email: profile.email, name: profile.name }),
    });
  }
  return list;
}

export function authOptions(): NextAuthOptions {
  return {
    secret: nextAuthSecret(),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/login" },
    providers: providers(),
    callbacks: {
      async signIn({ account, profile }) {
        if (account?.provider === "credentials" || account?.provider === "passkey") return true;
        if (!account) return false;
        const result = await linkOAuthIdentity(oauthClaims(account, profile as Record<string, unknown> | undefined));
        // Refused: back to the sign-in page, which says why (no session is made).
        return result.ok ? true : `/login?error=${result.reason}`;
      },
      async jwt({ token, user, account, profile, trigger, session }) {
        if (user && account) {
          // Credentials and passkey users carry our id already; OAuth users are whoever their
          // identity is linked to (signIn above made the link), never looked up by email.
          const uid =
            account.provider === "credentials" || account.provider === "passkey"
              ? user.id
              : await findLinked(oauthClaims(account, profile as Record<string, unknown> | undefined));
          token.uid = uid ?? null;
          token.orgId = uid ? await defaultOrgId(uid) : null;
          // When this session was signed in: a password reset ends every session older than itself (session.ts).
          token.authAt = Date.now();
        }
        if (trigger === "update" && typeof session?.orgId === "string" && typeof token.uid === "string") {
          // Switching org: only to one the user belongs to.
          const member = await db().membership.findFirst({ where: { userId: token.uid, orgId: session.orgId } });
          if (member) token.orgId = member.orgId;
        }
        return token;
      },
      async session({ session, token }) {
        return { ...session, uid: token.uid, orgId: token.orgId };
      },
    },
  };
}
