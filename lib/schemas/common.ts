import { z } from "zod";
import { contract } from "./registry";

export const ZId = z.string().min(1).max(64);

/** The contract's intent statuses; the only transitions are listed in API.md. */
export const INTENT_STATUSES = [
  "allowed", "denied", "pending_approval", "approved", "rejected", "expired", "cancelled", "executing", "succeeded", "failed",
] as const;

export const LEASE_STATUSES = ["pending_approval", "active", "expiring_soon", "expired", "revoked"] as const;

/** ?limit= (default 50, max 200) and ?cursor= of every list route. */
export const ZPage = {
  limit: z.coerce.number().int().min(1).max(200).default(50).describe("Items per page (default 50, at most 200)."),
  cursor: z.string().min(1).max(512).optional().describe("The previous page's next_cursor."),
};

/**
 * The Idempotency-Key header of POST /intents and POST /leases: 1-255 printable ASCII characters
 * (a longer key would overflow the unique index it is stored under).
 */
export const ZIdempotencyKey = z.string().min(1).max(255).regex(/^[\x21-\x7e]+$/, "must be 1-255 printable ASCII characters");

export const ZBooleanFlag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

/**
 * An RFC 3339 date-time with an offset, within the years 1–9999 UTC: PostgreSQL has no year 0
 * (which "0000-…" names, or an offset reaches from 0001-01-01), and years past 9999 are no date
 * anybody means.
 */
export const ZTimestamp = z.iso
  .datetime({ offset: true })
  .refine((value) => {
    const year = new Date(value).getUTCFullYear();
    return year >= 1 && year <= 9999;
  }, "Must fall within the years 1 to 9999 (UTC)");

export const ZJsonObject = z.record(z.string(), z.unknown());
export const ZEmptyBody = z.strictObject({}).register(contract, { id: "EmptyBody" });
