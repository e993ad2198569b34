// Who answers an approval request, and when. On shift (weekdays 08:00–18:30 UTC) the reviewers
// answer within minutes (log-normal, median about 4 minutes, a tail of half an hour and more). Off
// shift the on-call reviewer picks most items up within the hour in the daytime (weekends,
// evenings) and a few at night; the rest wait for the next shift — which is where the hours-long
// tail and the SLA timeouts come from.
import type { UserPrincipal } from "../../lib/auth/principal";
import { MINUTE, SECOND, nextShiftStart, onDuty } from "./clock";
import type { Random } from "./random";

export interface Reviewer {
  userId: string;
  /** Relative share of the items this person resolves on shift. */
  onShift: number;
  /** Relative share off shift (0: never on call). */
  onCall: number;
}

export type ReviewerPool = readonly Reviewer[];

/** Off shift, the share the on-call reviewer answers before the next shift: daytime, night. */
const ON_CALL_PICKUP = { day: 0.7, night: 0.3 };

/**
 * The pool: the approvers and the publisher in the order given (the first does the most), the
 * admin now and then; off shift the publisher and the admin share the on-call pager.
 */
export function reviewerPool(admin: UserPrincipal, reviewers: readonly UserPrincipal[]): ReviewerPool {
  const shares = [0.4, 0.3, 0.18];
  return [
    ...reviewers.map((user, i) => ({ userId: user.userId, onShift: shares[i] ?? 0.1, onCall: user.role === "publisher" ? 1 : 0 })),
    { userId: admin.userId, onShift: 0.12, onCall: 1 },
  ];
}

/** Someone able to answer at `at`, not one of `exclude` (a second approval needs another person). */
export function pickReviewer(r: Random, pool: ReviewerPool, at: number, exclude: readonly string[]): Reviewer {
  const shift = onDuty(at);
  const candidates = pool.filter((p) => !exclude.includes(p.userId) && (shift ? p.onShift : p.onCall) > 0);
  const available = candidates.length > 0 ? candidates : pool.filter((p) => !exclude.includes(p.userId));
  return r.weighted(available.map((p) => [p, shift ? p.onShift : p.onCall || 0.01] as const));
}

/** When a reviewer gets to an item that became theirs to answer at `from`. */
export function responseAt(r: Random, from: number): number {
  if (onDuty(from)) return from + Math.max(20 * SECOND, r.logNormal(4 * MINUTE, 1.1));
  const hour = new Date(from).getUTCHours();
  const pickup = hour >= 8 && hour < 22 ? ON_CALL_PICKUP.day : ON_CALL_PICKUP.night;
  if (r.chance(pickup)) return from + Math.max(MINUTE, r.logNormal(35 * MINUTE, 0.7));
  return nextShiftStart(from) + Math.max(MINUTE, r.logNormal(20 * MINUTE, 0.9));
}
