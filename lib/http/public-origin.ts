import { setting } from "../config.mjs";

/** NEXTAUTH_URL's origin, or null when it is unset or malformed. */
function configuredOrigin(): string | null {
  const configured = setting("NEXTAUTH_URL");
  if (!configured) return null;
  try {
    return new URL(configured).origin;
  } catch {
    return null;
  }
}

/**
 * The origin people reach the dashboard at, for links the API hands out (invitation links):
 * NEXTAUTH_URL when set (behind a proxy the request's own URL may be an internal one), else the
 * request's origin.
 */
export function publicOrigin(req: Request): string {
  return configuredOrigin() ?? new URL(req.url).origin;
}

/** The dashboard's origin outside any request (links in notifications): NEXTAUTH_URL, else the local server. */
export function appOrigin(): string {
  return configuredOrigin() ?? `http://localhost:${setting("PORT")}`;
}
