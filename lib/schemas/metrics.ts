import { z } from "zod";
import "./registry";

/**
 * An RFC 3339 date-time with an offset, or a full date (UTC midnight), as a Date in years
 * 1–9999 (PostgreSQL has no year 0, which an offset can reach from 0001-01-01).
 */
const ZInstant = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .transform((value) => new Date(value.length === 10 ? `${value}T00:00:00Z` : value))
  .refine((date) => date.getUTCFullYear() >= 1 && date.getUTCFullYear() <= 9999, "Must fall within the years 1 to 9999 (UTC)");

/** GET /metrics: the window [from, to) (default: the last 30 days) and optional filters. */
export const ZMetricsQuery = z.strictObject({
  from: ZInstant.optional(),
  to: ZInstant.optional(),
  action: z.string().min(1).max(200).optional(),
  /** Agent name or id. */
  agent: z.string().min(1).max(200).optional(),
  environment: z.string().min(1).max(100).optional(),
});
export type TMetricsQuery = z.output<typeof ZMetricsQuery>;
