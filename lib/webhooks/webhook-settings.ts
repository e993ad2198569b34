// Delivery settings, read from the environment on every use (README, Configuration), so one
// process's tests can change them and a restart is never needed to pick them up.

export interface WebhookSettings {
  /** WEBHOOK_ALLOW_PRIVATE_TARGETS=1: allow loopback/private/link-local targets (tests, trusted networks). */
  allowPrivateTargets: boolean;
  /** WEBHOOK_BACKOFF_BASE_MS: the first retry's delay; each later one is 4× the previous, up to an hour. */
  backoffBaseMs: number;
  /** WEBHOOK_MAX_ATTEMPTS: attempts per (re)queue before the delivery is marked failed. */
  maxAttempts: number;
  /** WEBHOOK_TIMEOUT_MS: one attempt, connect to last response byte. */
  timeoutMs: number;
  /** WEBHOOK_POLL_INTERVAL_MS: how often an idle worker looks for due deliveries; 0 runs no worker here. */
  pollIntervalMs: number;
  /**
   * How long a claim holds a delivery: twice the timeout plus 5 s, so a live worker always records
   * its result first, while a crashed one delays the delivery by no more than this.
   */
  claimLeaseMs: number;
  /** Deliveries one worker sends at a time. */
  concurrency: number;
}

export function webhookSettings(env: Record<string, string | undefined> = process.env): WebhookSettings {
  const timeoutMs = positiveInt(env.WEBHOOK_TIMEOUT_MS, 10_000);
  return {
    allowPrivateTargets: env.WEBHOOK_ALLOW_PRIVATE_TARGETS === "1",
    backoffBaseMs: positiveInt(env.WEBHOOK_BACKOFF_BASE_MS, 10_000),
    maxAttempts: positiveInt(env.WEBHOOK_MAX_ATTEMPTS, 8),
    timeoutMs,
    pollIntervalMs: env.WEBHOOK_POLL_INTERVAL_MS === "0" ? 0 : positiveInt(env.WEBHOOK_POLL_INTERVAL_MS, 5000),
    claimLeaseMs: timeoutMs * 2 + 5000,
    concurrency: 10,
  };
}

/** A positive integer setting; anything else (unset, "abc", "-5") falls back to the default. */
function positiveInt(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value && Number.isSafeInteger(n) && n > 0 ? n : fallback;
}
