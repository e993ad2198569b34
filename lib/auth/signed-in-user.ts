import { db } from "../db/client";
import { AppError } from "../errors";
import { authenticateToken } from "./authenticate-token";
import { sameOrigin, sessionClaims, sessionCookie, sessionStands } from "./session";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Who is signed in, for the public routes that act for a signed-in person (accepting an
 * invitation, creating an organization; their operations declare `optionalAuth`): a member's
 * bearer token — a bad one is 401, an agent key 403 — else the dashboard session cookie, else
 * nobody. A cookie-authenticated write from another site is 403 (CSRF), like everywhere else.
 * Unlike route()'s principal, the session counts without a membership in its organization, so a
 * person removed from every organization (or new, from sign-up) can still accept an invitation or
 * create an organization.
 */
export async function signedInUserId(req: Request): Promise<string | null> {
  const header = req.headers.get("authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const principal = match ? await authenticateToken(match[1]) : null;
    if (!principal) throw new AppError("unauthorized", "Missing or invalid bearer token");
    if (principal.kind !== "user") throw new AppError("forbidden", "Agent keys cannot act as a person: send a member token or sign in");
    return principal.userId;
  }
  const user = await sessionUser(sessionCookie(req.headers.get("cookie")));
  if (user && !SAFE_METHODS.has(req.method) && !sameOrigin(req)) throw new AppError("forbidden", "Cross-site request refused");
  return user?.id ?? null;
}

/** The person behind a next-auth session token, member of an organization or not; null when absent, expired or forged. */
export async function sessionUser(token: string | null): Promise<{ id: string; email: string } | null> {
  const claims = await sessionClaims(token);
  if (!claims) return null;
  const user = await db().user.findUnique({ where: { id: claims.uid }, select: { id: true, email: true, sessionsValidAfter: true } });
  return user && sessionStands(claims, user.sessionsValidAfter) ? { id: user.id, email: user.email } : null;
}
