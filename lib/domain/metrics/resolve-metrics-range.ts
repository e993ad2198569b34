import { validationFailed } from "../../errors";
import type { Bucket } from "./scope-intents";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
export const DEFAULT_RANGE_DAYS = 30;
export const MAX_RANGE_DAYS = 400;
/** Ranges up to this long are bucketed by hour, longer ones by day. */
export const HOURLY_UP_TO_MS = 48 * HOUR_MS;

export interface MetricsRange {
  from: Date;
  to: Date;
  bucket: Bucket;
}

/** PostgreSQL has no year 0: no window may start before the first instant of year 1. */
const EARLIEST_MS = Date.parse("0001-01-01T00:00:00Z");

/**
 * The metrics window: [from, to), by default the 30 days up to now (a lone `from` runs to now, a
 * lone `to` starts 30 days before it). `from` must come before `to`, at most 400 days apart.
 */
export function resolveMetricsRange(input: { from?: Date; to?: Date }, now: Date): MetricsRange {
  const to = input.to ?? now;
  const from = input.from ?? new Date(to.getTime() - DEFAULT_RANGE_DAYS * DAY_MS);
  if (from.getTime() < EARLIEST_MS) {
    throw validationFailed([{ path: ["to"], message: `Without from, to must fall at least ${DEFAULT_RANGE_DAYS} days after 0001-01-01` }]);
  }
  if (from.getTime() >= to.getTime()) {
    throw validationFailed([{ path: [input.from ? "from" : "to"], message: "from must be before to" }]);
  }
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS) {
    throw validationFailed([{ path: ["from"], message: `The range may span at most ${MAX_RANGE_DAYS} days` }]);
  }
  return { from, to, bucket: to.getTime() - from.getTime() <= HOURLY_UP_TO_MS ? "hour" : "day" };
}
