import { setting } from "../config.mjs";

/**
 * Relying-party settings for passkeys. WEBAUTHN_RP_ID must be the site's registrable domain (a
 * passkey made for one RP ID never works for another); WEBAUTHN_ORIGIN is the exact origin the
 * browser shows (several may be given, comma-separated). Defaults suit http://localhost:3000.
 */
export function webauthnConfig() {
  const publicUrl = setting("NEXTAUTH_URL");
  const origins = setting("WEBAUTHN_ORIGIN") ?? [publicUrl ? new URL(publicUrl).origin : "http://localhost:3000"];
  return { rpID: setting("WEBAUTHN_RP_ID") ?? new URL(origins[0]).hostname, rpName: setting("WEBAUTHN_RP_NAME"), origins };
}

/** Challenges live five minutes and are used once. */
export const CHALLENGE_TTL_MS = 5 * 60_000;
