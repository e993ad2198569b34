// Delivery settings (lib/config.mjs documents each), read on every use so a test's change applies.
import { setting } from "../config.mjs";

/** `env` is for tests; values that are not positive integers fall back to the defaults. */
export function webhookSettings(env?: Record<string, string | undefined>) {
  const timeoutMs = setting("WEBHOOK_TIMEOUT_MS", env);
  return {
    allowPrivateTargets: setting("WEBHOOK_ALLOW_PRIVATE_TARGETS", env),
    backoffBaseMs: setting("WEBHOOK_BACKOFF_BASE_MS", env),
    maxAttempts: setting("WEBHOOK_MAX_ATTEMPTS", env),
    timeoutMs,
    pollIntervalMs: setting("WEBHOOK_POLL_INTERVAL_MS", env),
    // A claim holds a delivery twice the timeout plus 5 s: a live worker always records its result
    // first, while a crashed one delays the delivery by no more than this.
    claimLeaseMs: timeoutMs * 2 + 5000,
    concurrency: 10, // deliveries one worker sends at a time
  };
}

export type WebhookSettings = ReturnType<typeof webhookSettings>;
