/**
 * Relying-party settings for passkeys. WEBAUTHN_RP_ID must be the site's registrable domain (a
 * passkey made for one RP ID never works for another); WEBAUTHN_ORIGIN is the exact origin the
 * browser shows (several may be given, comma-separated). Defaults suit http://localhost:3000.
 */
export function webauthnConfig() {
  const fallbackOrigin = process.env.NEXTAUTH_URL ? new URL(process.env.NEXTAUTH_URL).origin : "http://localhost:3000";
  const origins = (process.env.WEBAUTHN_ORIGIN ?? fallbackOrigin).split(",").map((o) => o.trim()).filter(Boolean);
  return {
    rpID: process.env.WEBAUTHN_RP_ID ?? new URL(origins[0]).hostname,
    rpName: process.env.WEBAUTHN_RP_NAME ?? "Tollgate",
    origins,
  };
}

/** Challenges live five minutes and are used once. */
export const CHALLENGE_TTL_MS = 5 * 60_000;
