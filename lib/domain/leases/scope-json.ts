import type { LeaseScope } from "./lease-scope";
import { formatDuration } from "./serialize-lease";

/** A scope as the queue card, the audit trail and the renewal diff show it. */
export function scopeJson(scope: LeaseScope, purpose?: string | null) {
  return {
    capabilities: scope.capabilities,
    destinations: scope.destinations,
    spend_limit: scope.spendLimit
      ? { amount: scope.spendLimit.amount, currency: scope.spendLimit.currency, window: formatDuration(scope.spendLimit.windowSeconds) }
      : null,
    ttl: formatDuration(scope.ttlSeconds),
    ...(purpose ? { purpose } : {}),
  };
}

/** Scope from a request body (durations already validated by the schema). */
export function scopeFromRequest(
  input: { capabilities: string[]; destinations: string[]; spend_limit?: { amount: number; currency: string; window: string } | null; ttl: string },
  parse: (d: string) => number | null,
): LeaseScope {
  return {
    capabilities: input.capabilities,
    destinations: input.destinations,
    spendLimit: input.spend_limit
      ? { amount: input.spend_limit.amount, currency: input.spend_limit.currency, windowSeconds: parse(input.spend_limit.window) ?? 86_400 }
      : null,
    ttlSeconds: parse(input.ttl) ?? 3600,
  };
}
