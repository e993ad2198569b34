import { createHmac, timingSafeEqual } from "node:crypto";

// Webhook signatures, pure (no I/O): `Tollgate-Signature: t=<unix seconds>,v1=<hex>` where the hex
// is HMAC-SHA256, keyed with the webhook's whole secret (UTF-8, `whsec_` prefix included), over
// "<t>.<raw body>". Signing the timestamp with the body lets a receiver refuse replays of an old
// delivery; receivers must verify against the raw bytes they received, not re-serialized JSON.

export const SIGNATURE_HEADER = "Tollgate-Signature";

/** How far a signature's timestamp may lie from the receiver's clock (either way). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** The hex HMAC-SHA256 of "<t>.<body>". */
export function computeSignature(secret: string, timestamp: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex");
}

/** The Tollgate-Signature header value for `body`, signed at `timestamp` (unix seconds). */
export function signPayload(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${computeSignature(secret, timestamp, body)}`;
}

export type VerifyResult = { ok: true; timestamp: number } | { ok: false; reason: "malformed" | "expired" | "mismatch" };

interface VerifyInput {
  header: string | null | undefined;
  body: string;
  secret: string;
  toleranceSeconds?: number;
  /** The receiver's clock, unix seconds. */
  now?: number;
}

/**
 * What a receiver runs: parses the header, refuses a timestamp outside the tolerance (a replay or
 * a badly skewed clock), and compares each v1 signature in constant time. Several v1 entries are
 * accepted, so a sender may sign with more than one secret.
 */
export function verifySignature({ header, body, secret, toleranceSeconds = DEFAULT_TOLERANCE_SECONDS, now = Math.floor(Date.now() / 1000) }: VerifyInput): VerifyResult {
  const parsed = parseHeader(header);
  if (!parsed) return { ok: false, reason: "malformed" };
  if (Math.abs(now - parsed.timestamp) > toleranceSeconds) return { ok: false, reason: "expired" };
  const expected = Buffer.from(computeSignature(secret, parsed.timestamp, body), "hex");
  const match = parsed.signatures.some((candidate) => {
    const given = Buffer.from(candidate, "hex");
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return match ? { ok: true, timestamp: parsed.timestamp } : { ok: false, reason: "mismatch" };
}

function parseHeader(header: string | null | undefined): { timestamp: number; signatures: string[] } | null {
  if (!header) return null;
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const [key, value, ...rest] = part.trim().split("=");
    if (rest.length > 0 || value === undefined) return null;
    if (key === "t") {
      if (!/^\d{1,12}$/.test(value) || timestamp !== null) return null;
      timestamp = Number(value);
    } else if (key === "v1") {
      if (!/^[0-9a-f]{64}$/i.test(value)) return null;
      signatures.push(value);
    }
    // Other schemes (v0, a future v2) are ignored, so senders can add them without breaking receivers.
  }
  return timestamp === null || signatures.length === 0 ? null : { timestamp, signatures };
}
