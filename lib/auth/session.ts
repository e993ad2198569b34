import { decode } from "next-auth/jwt";
import { db } from "../db/client";
import { nextAuthSecret } from "./next-auth-options";
import type { UserPrincipal } from "./principal";

// next-auth's session cookie: __Secure- prefixed over HTTPS, plain on http://localhost.
const SESSION_COOKIES = ["__Secure-next-auth.session-token", "next-auth.session-token"];

export function sessionCookie(cookieHeader: string | null): string | null {
  if (!cookieHeader) return null;
  const cookies = new Map(
    cookieHeader
      .split(";")
      .filter((part) => part.includes("="))
      .map((part) => {
        const index = part.indexOf("=");
        return [part.slice(0, index).trim(), decodeCookieValue(part.slice(index + 1).trim())] as const;
      }),
  );
  for (const name of SESSION_COOKIES) {
    const value = cookies.get(name);
    if (value) return value;
  }
  return null;
}

/**
 * Any site on the domain may set cookies, so one with a malformed %-escape must not break the
 * request (decodeURIComponent throws on it): such a value is kept as it came.
 */
function decodeCookieValue(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * The signed-in member behind a next-auth session token, in the session's current org, with the
 * role read live from the membership (a demotion applies on the next request). Null when absent,
 * expired, tampered with, or no longer a member.
 */
export async function principalFromSession(token: string | null): Promise<UserPrincipal | null> {
  if (!token) return null;
  const claims = await decode({ token, secret: nextAuthSecret() }).catch(() => null);
  const userId = typeof claims?.uid === "string" ? claims.uid : null;
  const orgId = typeof claims?.orgId === "string" ? claims.orgId : null;
  if (!userId || !orgId) return null;
  const membership = await db().membership.findUnique({ where: { orgId_userId: { orgId, userId } } });
  if (!membership) return null;
  return { kind: "user", orgId, userId, role: membership.role, via: "session" };
}

/**
 * CSRF guard for cookie-authenticated writes: the browser's Origin must be this site. (Cookies are
 * SameSite=Lax too; bearer-token calls need no such check, no browser sends them on its own.)
 */
export function sameOrigin(req: Request): boolean {
  const origin = req.headers.get("origin");
  if (!origin) return false;
  const expected = new Set([new URL(req.url).origin]);
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  if (host) expected.add(`${req.headers.get("x-forwarded-proto") ?? new URL(req.url).protocol.replace(":", "")}://${host}`);
  if (process.env.NEXTAUTH_URL) expected.add(new URL(process.env.NEXTAUTH_URL).origin);
  return expected.has(origin);
}
