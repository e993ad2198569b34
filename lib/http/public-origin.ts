import { setting } from "../config.mjs";

/**
 * The origin people reach the dashboard at, for links the API hands out (invitation links):
 * NEXTAUTH_URL when set (behind a proxy the request's own URL may be an internal one), else the
 * request's origin.
 */
export function publicOrigin(req: Request): string {
  const configured = setting("NEXTAUTH_URL");
  if (configured) {
    try {
      return new URL(configured).origin;
    } catch {
      // a malformed setting falls back to the request's origin
    }
  }
  return new URL(req.url).origin;
}
