import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GithubProvider from "next-auth/providers/github";
import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { db } from "../db/client";
import { verifyLogin } from "../domain/auth/verify-login";
import { RateLimited } from "../http/rate-limit";
import { verifyPasskeyLogin } from "../domain/passkeys/passkey-login";
import { ZAssertion } from "../schemas/webauthn";
import { deriveSecret } from "./server-secret";

export const SESSION_MAX_AGE_SECONDS = 12 * 3600;

/** next-auth's JWT secret, derived from TOLLGATE_SECRET so every instance agrees without another variable. */
export function nextAuthSecret(): string {
  return process.env.NEXTAUTH_SECRET || deriveSecret("nextauth", "session").toString("hex");
}

/** The org a new session starts in: the user's oldest membership. */
async function defaultOrgId(userId: string): Promise<string | null> {
  const membership = await db().membership.findFirst({ where: { userId }, orderBy: { createdAt: "asc" } });
  return membership?.orgId ?? null;
}

/**
 * Email + password always; GitHub and a generic OIDC provider when their variables are set.
 * OAuth sign-in only admits people who are already members (matched by verified email):
 * membership is granted by an admin, never by signing in.
 */
function providers(): NextAuthOptions["providers"] {
  const list: NextAuthOptions["providers"] = [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        const forwarded = req?.headers?.["x-forwarded-for"];
        const address = String(Array.isArray(forwarded) ? forwarded[0] : (forwarded ?? "unknown")).split(",")[0]?.trim() || "unknown";
        // While the brute-force brake holds, sign-in fails like a wrong password (no oracle).
        const user = await verifyLogin(credentials?.email ?? "", credentials?.password ?? "", address).catch((error) => {
          if (error instanceof RateLimited) return null;
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
  if (process.env.GITHUB_ID && process.env.GITHUB_SECRET) {
    list.push(GithubProvider({ clientId: process.env.GITHUB_ID, clientSecret: process.env.GITHUB_SECRET }));
  }
  if (process.env.OIDC_ISSUER && process.env.OIDC_CLIENT_ID && process.env.OIDC_CLIENT_SECRET) {
    list.push({
      id: "oidc",
      name: process.env.OIDC_NAME ?? "Single sign-on",
      type: "oauth",
      wellKnown: `${process.env.OIDC_ISSUER.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: process.env.OIDC_CLIENT_ID,
      clientSecret: process.env.OIDC_CLIENT_SECRET,
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
      async signIn({ user, account }) {
        if (account?.provider === "credentials" || account?.provider === "passkey") return true;
        const email = user.email?.toLowerCase();
        return Boolean(email && (await db().user.findUnique({ where: { email } })));
      },
      async jwt({ token, user, account, trigger, session }) {
        if (user && account) {
          // OAuth users are ours by email; credentials users carry our id already.
          const row = await db().user.findUnique({ where: { email: (user.email ?? "").toLowerCase() } });
          token.uid = row?.id ?? user.id;
          token.orgId = row ? await defaultOrgId(row.id) : null;
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
