import { createHmac, timingSafeEqual } from "node:crypto";
import type { WebhookEvent } from "./types/webhooks.js";

export interface VerifyWebhookInput {
  /** The endpoint's signing secret; several while rotating (any one may match). */
  secret: string | string[];
  /** The `Tollgate-Signature` header: `t=<unix>,v1=<hex>[,v1=<hex>…]`. */
  header: string | null | undefined;
  /** The raw request body exactly as received (not re-serialized JSON). */
  body: string | Uint8Array;
  /** How far the signature time may be from now (default 300 s), against replays. */
  toleranceSeconds?: number;
  now?: Date;
}

export type WebhookFailure = "missing_header" | "malformed_header" | "timestamp_out_of_range" | "signature_mismatch" | "invalid_body";

/** The delivery is not authentic (or too old); `reason` says which check failed. */
export class WebhookVerificationError extends Error {
  readonly reason: WebhookFailure;

  constructor(reason: WebhookFailure, message: string) {
    super(message);
    this.name = "WebhookVerificationError";
    this.reason = reason;
  }
}

/**
 * Checks a delivery's `Tollgate-Signature`: some `v1` must equal hex HMAC-SHA256(secret,
 * "<t>.<body>") for one of the secrets (compared in constant time), then `t` must be within the
 * tolerance of now. Returns the parsed event; throws WebhookVerificationError otherwise.
 */
export function verifyWebhook<T = WebhookEvent>(input: VerifyWebhookInput): T {
  const { timestamp, signatures } = parseHeader(input.header);
  const body = typeof input.body === "string" ? Buffer.from(input.body, "utf8") : Buffer.from(input.body);
  const signed = Buffer.concat([Buffer.from(`${timestamp}.`, "utf8"), body]);
  const secrets = Array.isArray(input.secret) ? input.secret : [input.secret];
  if (secrets.length === 0 || secrets.some((s) => !s)) throw new TypeError("verifyWebhook: secret must be a non-empty string");
  const expected = secrets.map((secret) => createHmac("sha256", secret).update(signed).digest());
  const matches = signatures.some((candidate) => expected.some((digest) => candidate.length === digest.length && timingSafeEqual(candidate, digest)));
  if (!matches) throw new WebhookVerificationError("signature_mismatch", "No v1 signature matches the body and secret");
  // Authentic but old: a replay of a captured delivery.
  const tolerance = input.toleranceSeconds ?? 300;
  const now = Math.floor((input.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - timestamp) > tolerance) {
    throw new WebhookVerificationError("timestamp_out_of_range", `Signature time ${timestamp} is more than ${tolerance} s from now (${now})`);
  }
  try {
    return JSON.parse(body.toString("utf8")) as T;
  } catch {
    throw new WebhookVerificationError("invalid_body", "The signed body is not JSON");
  }
}

function parseHeader(header: string | null | undefined): { timestamp: number; signatures: Buffer[] } {
  if (!header) throw new WebhookVerificationError("missing_header", "No Tollgate-Signature header");
  let timestamp: number | null = null;
  const signatures: Buffer[] = [];
  for (const part of header.split(",")) {
    const eq = part.indexOf("=");
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === "t" && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    // Other schemes (v0, future ones) are skipped, as are values that are not 32-byte hex.
    else if (key === "v1" && /^[0-9a-f]{64}$/i.test(value)) signatures.push(Buffer.from(value, "hex"));
  }
  if (timestamp === null || signatures.length === 0) {
    throw new WebhookVerificationError("malformed_header", "Tollgate-Signature needs t=<unix seconds> and at least one v1=<hex>");
  }
  return { timestamp, signatures };
}
