import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { deriveSecret } from "./server-secret";

// Secrets the server must use in clear later (webhook signing secrets, the instance's signing
// keys) cannot be stored as hashes. They are sealed with AES-256-GCM under a key derived from
// TOLLGATE_SECRET for one purpose, so a database dump alone reveals none of them. The row's own
// id is the associated data: a sealed value copied onto another row does not open.

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function seal(purpose: string, clear: string, rowId: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", deriveSecret(purpose, VERSION), iv);
  cipher.setAAD(Buffer.from(rowId, "utf8"));
  const sealed = Buffer.concat([cipher.update(clear, "utf8"), cipher.final()]);
  return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString("base64url")}`;
}

/** The clear value; throws if the box was tampered with, moved to another row, or TOLLGATE_SECRET changed. */
export function open(purpose: string, box: string, rowId: string): string {
  const [version, encoded] = box.split(":");
  if (version !== VERSION || !encoded) throw new Error("unknown sealed-secret format");
  const raw = Buffer.from(encoded, "base64url");
  if (raw.length <= IV_BYTES + TAG_BYTES) throw new Error("truncated sealed secret");
  const decipher = createDecipheriv("aes-256-gcm", deriveSecret(purpose, VERSION), raw.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(rowId, "utf8"));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
}
