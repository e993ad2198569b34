/**
 * The one catalogue of domain event types the app records (recordEvent only takes these, so a
 * new type cannot be emitted without being listed here). Webhook subscriptions are validated
 * against it; "*" subscribes to every type, including ones added later.
 */
export const EVENT_TYPES = {
  "intent.pending": "An intent is waiting for a human decision",
  "intent.approval_recorded": "One approval of several required was recorded",
  "intent.resolved": "An intent was decided: allowed, denied, approved, rejected, cancelled or timed out",
  "intent.escalated": "A pending intent passed its SLA and went to a higher role",
  "intent.expired": "An allowed or approved intent's execution token lapsed unused",
  "intent.executing": "An agent spent its execution token",
  "intent.completed": "An agent reported the result (succeeded or failed)",
  "lease.activated": "A lease request was approved",
  "lease.renewal_requested": "An agent asked to widen or extend a lease",
  "lease.renewed": "A lease renewal took effect",
  "lease.narrowed": "A lease was narrowed",
  "lease.renewal_refused": "A lease renewal was rejected or lapsed",
  "lease.delegated": "A sub-lease was handed to another agent",
  "lease.expiring_soon": "A lease entered the last 10 % of its time",
  "lease.expired": "A lease reached its end",
  "lease.revoked": "A lease was revoked (or its request refused)",
  "audit.checkpoint": "The organization's audit chain head was signed (keep these: they are the evidence outside the database)",
} as const;

export type EventType = keyof typeof EVENT_TYPES;

/** Subscribes a webhook to every event type. */
export const ALL_EVENTS = "*";

export const EVENT_TYPE_NAMES = Object.keys(EVENT_TYPES) as EventType[];

export function isEventType(value: string): value is EventType {
  return Object.hasOwn(EVENT_TYPES, value);
}
