// Delivery settings, read from the environment on every use (README, Configuration), so one
// process's tests can change them and a restart is never needed to pick them up.
import { setting } from "../config.mjs";

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

/** `env` is for tests; values that are not positive integers fall back to the defaults (lib/config.mjs). */
export function webhookSettings(env?: Record<string, string | undefined>): WebhookSettings {
  const timeoutMs = setting("WEBHOOK_TIMEOUT_MS", env);
  return {
    allowPrivateTargets: setting("WEBHOOK_ALLOW_PRIVATE_TARGETS", env),
    backoffBaseMs: setting("WEBHOOK_BACKOFF_BASE_MS", env),
    maxAttempts: setting("WEBHOOK_MAX_ATTEMPTS", env),
    timeoutMs,
    pollIntervalMs: setting("WEBHOOK_POLL_INTERVAL_MS", env),
    claimLeaseMs: timeoutMs * 2 + 5000,
    concurrency: 10,
  };
}
