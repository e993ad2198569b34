import { type RetryTiming, backoffDelay, sleep } from "./backoff.js";
import { TollgateError, TollgateTimeoutError, isRetryable } from "./errors.js";
import type { Intents } from "./resources/intents.js";
import type { Intent } from "./types/intents.js";

export interface WaitOptions {
  /** Give up after this long overall, with a TollgateTimeoutError. */
  timeoutMs: number;
  /** Seconds each long-poll holds (1–60, default 30). */
  pollSeconds?: number;
  /** Stops waiting; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Delays between retries after network errors, 5xx and 429. */
  retry?: RetryTiming & {
    /** A poll that answers "still pending" sooner than this is followed by a pause (default 1000 ms). */
    minPollIntervalMs?: number;
  };
}

const DEFAULT_POLL_SECONDS = 30;
const MIN_POLL_INTERVAL_MS = 1000;

/**
 * Long-polls `GET /intents/{id}?wait=N` until the intent leaves pending_approval and returns it.
 * Network failures, 5xx and 429 are retried with backoff (honoring Retry-After); other errors
 * (401, 404, …) are thrown at once. The overall timeout and the signal bound every request and pause.
 */
export async function waitForDecision(intents: Intents, intentId: string, options: WaitOptions): Promise<Intent> {
  const { timeoutMs, signal } = options;
  if (!(timeoutMs > 0)) throw new TypeError("waitForDecision: timeoutMs must be a positive number of milliseconds");
  const pollSeconds = Math.min(60, Math.max(1, Math.floor(options.pollSeconds ?? DEFAULT_POLL_SECONDS)));
  const minInterval = options.retry?.minPollIntervalMs ?? MIN_POLL_INTERVAL_MS;
  const deadline = AbortSignal.timeout(timeoutMs);
  const bounded = signal ? AbortSignal.any([signal, deadline]) : deadline;
  const timedOut = () => new TollgateTimeoutError(intentId, timeoutMs);
  let failures = 0;

  for (;;) {
    const started = Date.now();
    try {
      const intent = await intents.get(intentId, { wait: pollSeconds, signal: bounded });
      if (intent.status !== "pending_approval") return intent;
      failures = 0;
      // A server or proxy that answers at once must not turn this loop into a busy one.
      await sleep(minInterval - (Date.now() - started), bounded);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (deadline.aborted) throw timedOut();
      if (!isRetryable(error)) throw error;
      const retryAfter = error instanceof TollgateError ? error.retryAfterMs : undefined;
      await sleep(backoffDelay(failures++, options.retry, retryAfter), bounded).catch((reason) => {
        throw signal?.aborted ? reason : timedOut();
      });
    }
  }
}
