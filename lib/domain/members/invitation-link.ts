import { hashToken } from "../../auth/secret-token";
import { randomBase62 } from "../../ids";

/** How long an invitation link stays good. */
export const INVITATION_TTL_DAYS = 7;

const PREFIX = "tg_inv_";

/** A new accept token (32 random bytes): shown once in the accept_url; only its SHA-256 is stored. */
export function mintInvitationToken(): { token: string; hash: string } {
  const token = PREFIX + randomBase62(43);
  return { token, hash: hashToken(token) };
}

/**
 * The dashboard's accept page with the token in the fragment: browsers never send a fragment to
 * a server, so the token stays out of access logs and Referer headers.
 */
export function acceptUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/invite#${token}`;
}

/** The token an accept_url carries (for scripts and tests that hold the link). */
export function tokenOfAcceptUrl(url: string): string {
  const token = new URL(url).hash.slice(1);
  if (!token.startsWith(PREFIX)) throw new Error(`not an invitation link: ${url}`);
  return token;
}
