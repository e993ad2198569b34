/** Each retry waits this many times longer than the one before. */
export const BACKOFF_FACTOR = 4;
/** No wait grows past an hour (before jitter). */
export const MAX_BACKOFF_MS = 3_600_000;

/**
 * The wait before the next attempt after `round` failed attempts: base × 4^(round−1), capped at
 * an hour, times a jitter in [0.8, 1.2) so that deliveries failing together do not retry in
 * lockstep. The jitter band is narrow enough that, below the cap, every wait exceeds the last.
 * With the 10 s default and 8 attempts, retries span about three hours.
 */
export function retryDelayMs(round: number, baseMs: number, random = Math.random()): number {
  const exponential = Math.min(MAX_BACKOFF_MS, baseMs * BACKOFF_FACTOR ** Math.max(0, round - 1));
  return Math.round(exponential * (0.8 + 0.4 * random));
}
