// What the notifier sends (issue 17). A job names what happened (an event type, a due reminder, a
// digest); each job becomes messages to the people and channels it concerns. Members choose, per
// channel, which of the PREFERENCE_EVENTS reach them; everything about one item is one event.

/** The events a member can switch on or off per channel (settings, PUT /me/notifications). */
export const PREFERENCE_EVENTS = {
  approval_request: "An item you may review is waiting, or was assigned to you",
  reminder: "An item you may review is halfway to its SLA, or about to breach it",
  escalation: "An item passed its SLA and was escalated to your role",
  outcome: "An item one of your agents proposed was decided",
  lease: "A lease of one of your agents is about to end, or ended",
} as const;

export type PreferenceEvent = keyof typeof PREFERENCE_EVENTS;
export const PREFERENCE_EVENT_NAMES = Object.keys(PREFERENCE_EVENTS) as PreferenceEvent[];

/** Event types that queue a notification job in the statement that records them (record-event.ts). */
export const NOTIFYING_EVENTS = new Set<string>([
  "intent.resolved",
  "intent.approval_recorded",
  "intent.escalated",
  "lease.expiring_soon",
  "lease.expired",
]);

/** intent.resolved notifies only for items that waited for a human (not the policy's allow or deny). */
export const RESOLVED_AFTER_REVIEW = new Set(["approved", "rejected", "expired", "cancelled"]);

/** Jobs queued outside events: by assignment, and by the sweeper. */
export const JOB_KINDS = {
  request: "approval_request",
  assigned: "assigned",
  halfway: "reminder.halfway",
  breach: "reminder.breach",
  digest: "digest",
} as const;

/** Which preference a job kind answers to (none: a Slack card update, sent whatever members chose). */
export const PREFERENCE_OF: Record<string, PreferenceEvent | null> = {
  [JOB_KINDS.request]: "approval_request",
  [JOB_KINDS.assigned]: "approval_request",
  [JOB_KINDS.halfway]: "reminder",
  [JOB_KINDS.breach]: "reminder",
  "intent.escalated": "escalation",
  "intent.resolved": "outcome",
  "lease.expiring_soon": "lease",
  "lease.expired": "lease",
  "intent.approval_recorded": null,
  [JOB_KINDS.digest]: null,
};

/** The NOTIFY signal type that wakes the notifier of every instance (a job queued outside an event). */
export const NOTIFY_WAKE_SIGNAL = "notify.wake";
