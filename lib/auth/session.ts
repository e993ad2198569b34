import { decode } from "next-auth/jwt";
import { setting } from "../config.mjs";
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

/** The claims of a next-auth session token that decodes with our secret, or null. */
export async function sessionClaims(token: string | null): Promise<{ uid: string; orgId?: unknown; authAt?: unknown } | null> {
  if (!token) return null;
  const claims = await decode({ token, secret: nextAuthSecret() }).catch(() => null);
  return typeof claims?.uid === "string" ? { ...claims, uid: claims.uid } : null;
}

/**
 * Whether a session still counts for its person: a password reset (sessionsValidAfter) ends every
 * session signed in before it. authAt is set once, at sign-in (next-auth-options.ts); next-auth
 * re-issues the cookie with a fresh iat on every session read, so iat cannot say this. A session
 * without authAt (made before it existed) counts only while the person has never reset.
 */
export function sessionStands(claims: { authAt?: unknown }, sessionsValidAfter: Date | null): boolean {
  if (!sessionsValidAfter) return true;
  return typeof claims.authAt === "number" && claims.authAt >= sessionsValidAfter.getTime();
}

/**
 * The signed-in member behind a next-auth session token, in the session's current org, with the
 * role read live from the membership (a demotion applies on the next request). Null when absent,
 * expired, tampered with, or no longer a member.
 */
export async function principalFromSession(token: string | null): Promise<UserPrincipal | null> {
  const claims = await sessionClaims(token);
  const userId = claims?.uid ?? null;
  const orgId = typeof claims?.orgId === "string" ? claims.orgId : null;
  if (!claims || !userId || !orgId) return null;
  const membership = await db().membership.findUnique({ where: { orgId_userId: { orgId, userId } }, include: { user: { select: { sessionsValidAfter: true } } } });
  if (!membership || !sessionStands(claims, membership.user.sessionsValidAfter)) return null;
  return { kind: "user", orgId, userId, role: membership.role, via: "session" };
}

/**
 * CSRF guard for cookie-authenticated writes: the browser's Origin must be this site. (Cookies are
 * SameSite=Lax too; bearer-token calls need no such check, no browser sends them on its own.)
 * "This site" is configuration, not what the request says about itself: NEXTAUTH_URL's origin
 * (without it, the server's own URL, http://localhost:PORT), and any WEBAUTHN_ORIGIN. Only behind
 * trusted proxies (TRUST_PROXY_HOPS > 0) does the forwarded host (X-Forwarded-Host/-Proto) count too.
 */
export function sameOrigin(req: Request): boolean {
  const origin = req.headers.get("origin");
  if (!origin) return false;
  return siteOrigins(req).has(origin);
}

function siteOrigins(req: Request): Set<string> {
  const expected = new Set<string>();
  const add = (url: string | undefined | null) => {
    if (!url) return;
    try {
      expected.add(new URL(url).origin);
    } catch {
      // a malformed setting names no origin
    }
  };
  add(setting("NEXTAUTH_URL") ?? req.url);
  for (const configured of setting("WEBAUTHN_ORIGIN") ?? []) add(configured);
  if (setting("TRUST_PROXY_HOPS") > 0) {
    const first = (name: string) => req.headers.get(name)?.split(",")[0]?.trim() || null;
    const host = first("x-forwarded-host") ?? first("host");
    const proto = first("x-forwarded-proto") ?? new URL(req.url).protocol.replace(":", "");
    if (host && /^https?$/.test(proto)) add(`${proto}://${host}`);
  }
  return expected;
}
