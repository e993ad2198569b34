import { TollgateError, isRetryable } from "./errors.js";

/** Delays between retries: exponential from `baseDelayMs`, capped at `maxDelayMs`, with jitter. */
export interface RetryTiming {
  baseDelayMs?: number;
  maxDelayMs?: number;
}

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 10_000;
/** A Retry-After longer than this is not waited out in one go. */
const MAX_RETRY_AFTER_MS = 60_000;

/**
 * The wait before retry number `attempt` (0-based): a random point in the upper half of the
 * exponential step, so many clients recovering at once spread out. A server's Retry-After wins
 * when it asks for longer (up to a minute).
 */
export function backoffDelay(attempt: number, timing: RetryTiming = {}, retryAfterMs?: number): number {
  const base = timing.baseDelayMs ?? BASE_DELAY_MS;
  const cap = timing.maxDelayMs ?? MAX_DELAY_MS;
  const step = Math.min(cap, base * 2 ** attempt);
  const jittered = step / 2 + Math.random() * (step / 2);
  return Math.max(jittered, Math.min(retryAfterMs ?? 0, MAX_RETRY_AFTER_MS));
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Runs `op`, retrying network failures, 5xx and 429 up to `attempts` times in all. Only for
 * operations that are safe to repeat: reads, and writes carrying an idempotency key.
 */
export async function withRetries<T>(op: () => Promise<T>, options: { attempts?: number; signal?: AbortSignal; timing?: RetryTiming } = {}): Promise<T> {
  const attempts = options.attempts ?? 4;
  for (let attempt = 0; ; attempt++) {
    try {
      return await op();
    } catch (error) {
      if (options.signal?.aborted || attempt + 1 >= attempts || !isRetryable(error)) throw error;
      await sleep(backoffDelay(attempt, options.timing, error instanceof TollgateError ? error.retryAfterMs : undefined), options.signal);
    }
  }
}
