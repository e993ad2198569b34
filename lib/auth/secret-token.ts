import { createHash, timingSafeEqual } from "node:crypto";
import { bytesToBase62, randomBase62 } from "../ids";
import { deriveSecret } from "./server-secret";

export type TokenKind = "agent" | "user" | "exec";
const PREFIX: Record<TokenKind, string> = { agent: "tg_agent_", user: "tg_user_", exec: "tg_exec_" };

/** 32 random bytes of entropy rendered as 43 base62 characters. */
const SECRET_LENGTH = 43;

export interface MintedToken {
  token: string;
  hash: string;
  suffix: string;
}

/** A new secret: shown to its owner once; only the hash and a display suffix are stored. */
export function mintToken(kind: TokenKind): MintedToken {
  const token = PREFIX[kind] + randomBase62(SECRET_LENGTH);
  return { token, hash: hashToken(token), suffix: token.slice(-4) };
}

/** An execution token is derived from its row id and the server secret, so it can be shown again. */
export function executionToken(tokenId: string): MintedToken {
  const token = PREFIX.exec + bytesToBase62(deriveSecret("exec", tokenId), SECRET_LENGTH);
  return { token, hash: hashToken(token), suffix: token.slice(-4) };
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function tokenKind(token: string): TokenKind | null {
  for (const kind of Object.keys(PREFIX) as TokenKind[]) {
    if (token.startsWith(PREFIX[kind]) && token.length === PREFIX[kind].length + SECRET_LENGTH) return kind;
  }
  return null;
}

/** Constant-time equality of two hex hashes (the lookup is by hash; this guards the final check). */
export function hashesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && timingSafeEqual(left, right);
}
