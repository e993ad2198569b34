import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { deriveSecret } from "../auth/server-secret";
import { randomBase62 } from "../ids";

// Webhook signing secrets are needed in clear at delivery time (to compute the HMAC), so unlike
// tokens they cannot be stored as hashes. They are sealed with AES-256-GCM under a key derived from
// TOLLGATE_SECRET: a database dump alone reveals none of them. The webhook id is the associated
// data, so a sealed secret copied onto another webhook's row does not open.

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

const key = () => deriveSecret("webhook-secret-key", VERSION);

/** A new signing secret: `whsec_` + 32 random bytes' worth of base62. */
export function mintWebhookSecret(): string {
  return `whsec_${randomBase62(43)}`;
}

export function sealSecret(secret: string, webhookId: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  cipher.setAAD(Buffer.from(webhookId, "utf8"));
  const sealed = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString("base64url")}`;
}

/** The clear secret; throws if the row was tampered with, moved, or TOLLGATE_SECRET changed. */
export function openSecret(box: string, webhookId: string): string {
  const [version, encoded] = box.split(":");
  if (version !== VERSION || !encoded) throw new Error("unknown webhook secret format");
  const raw = Buffer.from(encoded, "base64url");
  if (raw.length <= IV_BYTES + TAG_BYTES) throw new Error("truncated webhook secret");
  const decipher = createDecipheriv("aes-256-gcm", key(), raw.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(webhookId, "utf8"));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
}
