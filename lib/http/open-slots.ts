import type { Principal } from "../auth/principal";
import { AppError } from "../errors";

/**
 * At most `max` long-lived requests of one kind (event streams, long-polls) open at once per
 * caller. Counted in this process: the bound protects this process's sockets, memory and
 * database pool from one caller, which is what a per-process count measures (README, Rate limits).
 */
export interface ConcurrencyLimit {
  /** Names the limit in the 429's details. */
  name: string;
  max: number;
  /** What the 429's Retry-After says: open requests end on their own, so a short wait. */
  retryAfterSeconds: number;
}

/** The contract's 429 rate_limited for a caller holding too many open requests (Retry-After set by lib/http/error-response.ts). */
export class TooManyOpen extends AppError {
  readonly retryAfterSeconds: number;
  constructor(readonly limit: ConcurrencyLimit) {
    super("rate_limited", `Too many open requests (${limit.name}: at most ${limit.max} at once per caller); retry in ${limit.retryAfterSeconds} s`, {
      limit: limit.name,
      max: limit.max,
      retry_after_seconds: limit.retryAfterSeconds,
    });
    this.retryAfterSeconds = limit.retryAfterSeconds;
  }
}

// On globalThis: Next.js may bundle this module into several route chunks, and they must share one count.
const globalForSlots = globalThis as unknown as { tollgateOpenSlots?: Map<string, number> };
globalForSlots.tollgateOpenSlots ??= new Map<string, number>();
const held = globalForSlots.tollgateOpenSlots;

/** One caller: an agent, or a member over all their tokens and sessions (minting tokens buys no more). */
function callerKey(principal: Principal): string {
  return principal.kind === "agent" ? `agent:${principal.agentId}` : `user:${principal.userId}`;
}

/**
 * Takes one of the caller's slots, or throws TooManyOpen. The returned release gives it back;
 * call it on every way out (it counts once, however often it is called). With `signal`, the
 * client going away releases it at once, before the handler has finished winding down.
 */
export function holdSlot(limit: ConcurrencyLimit, principal: Principal, signal?: AbortSignal): () => void {
  const key = `${limit.name}:${callerKey(principal)}`;
  const count = held.get(key) ?? 0;
  if (count >= limit.max) throw new TooManyOpen(limit);
  held.set(key, count + 1);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    signal?.removeEventListener("abort", release);
    const left = (held.get(key) ?? 1) - 1;
    if (left > 0) held.set(key, left);
    else held.delete(key);
  };
  if (signal?.aborted) release();
  else signal?.addEventListener("abort", release, { once: true });
  return release;
}

/** Runs `work` holding one of the caller's slots, released however it ends (or when `signal` aborts). */
export async function withSlot<T>(limit: ConcurrencyLimit, principal: Principal, signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
  const release = holdSlot(limit, principal, signal);
  try {
    return await work();
  } finally {
    release();
  }
}
