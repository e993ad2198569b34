import { compileGlob } from "../../policy/glob";

/** What a lease lets an agent do: actions (globs), destinations (globs), spend per window, time. */
export interface LeaseScope {
  capabilities: string[];
  destinations: string[];
  spendLimit: { amount: number; currency: string; windowSeconds: number } | null;
  ttlSeconds: number;
}

export const matchesAny = (patterns: readonly string[], value: string) => patterns.some((p) => compileGlob(p)(value));

/**
 * Does `outer` allow everything `inner` allows? A pattern is covered when some outer glob matches
 * it read literally (its `*` as a character an outer `*` can absorb): with `*` the only wildcard,
 * every string the inner glob matches is then matched by that outer glob too.
 */
export function patternsCovered(outer: readonly string[], inner: readonly string[]): boolean {
  return inner.every((pattern) => matchesAny(outer, pattern));
}

/** No destinations listed means "any destination". */
export function destinationsCovered(outer: readonly string[], inner: readonly string[]): boolean {
  if (outer.length === 0) return true;
  return inner.length > 0 && patternsCovered(outer, inner);
}

/** A spend limit within another: same currency, no more money, per no longer a window... */
export function spendCovered(outer: LeaseScope["spendLimit"], inner: LeaseScope["spendLimit"]): boolean {
  if (!outer) return true;
  if (!inner) return false;
  // A shorter window resets sooner, so it can spend more over time: only equal-or-longer windows are within.
  return inner.currency === outer.currency && inner.amount <= outer.amount && inner.windowSeconds >= outer.windowSeconds;
}

/** Everything `requested` allows, `current` allows already: a narrowing, applied without a human. */
export function isWithin(current: LeaseScope, requested: LeaseScope): boolean {
  return (
    patternsCovered(current.capabilities, requested.capabilities) &&
    destinationsCovered(current.destinations, requested.destinations) &&
    spendCovered(current.spendLimit, requested.spendLimit)
  );
}
