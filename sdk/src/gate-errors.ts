import type { Intent, ReasonCode } from "./types/intents.js";

/** A gated call that did not run: the intent ended in a status other than allowed or approved. */
export class IntentBlockedError extends Error {
  readonly intent: Intent;
  /** The contract's reason code: the policy's (`policy_denied`, `out_of_scope`, …) or `rejected`, `expired`, `cancelled`. */
  readonly reasonCode: ReasonCode;
  /** Human text: the policy rule's reason, or the reviewer's. */
  readonly reason: string;

  constructor(intent: Intent, reasonCode: ReasonCode, reason: string) {
    const code = reasonCode === intent.status ? "" : ` (${reasonCode})`;
    super(`${intent.action} was not run: ${intent.status}${code}: ${reason}`);
    this.name = "IntentBlockedError";
    this.intent = intent;
    this.reasonCode = reasonCode;
    this.reason = reason;
  }
}

/** The policy or a lease denied the intent; `reasonCode` is the decision's. */
export class IntentDeniedError extends IntentBlockedError {
  constructor(intent: Intent) {
    super(intent, intent.decision.reason_code, intent.decision.reason);
    this.name = "IntentDeniedError";
  }
}

/** A human rejected the intent; `reason` is theirs. */
export class IntentRejectedError extends IntentBlockedError {
  /** Email of the reviewer who rejected it, when known. */
  readonly reviewer: string | null;

  constructor(intent: Intent) {
    const rejection = [...intent.approvals].reverse().find((a) => a.decision === "reject");
    super(intent, "rejected", rejection?.reason ?? "rejected by a reviewer");
    this.name = "IntentRejectedError";
    this.reviewer = rejection?.user_email ?? null;
  }
}

/** Nobody decided within the approval SLA, or the execution token lapsed unused. */
export class IntentExpiredError extends IntentBlockedError {
  constructor(intent: Intent) {
    // Only an issued execution token gives the intent an expires_at.
    super(intent, "expired", intent.expires_at ? "the execution token expired unused" : "no decision within the approval SLA");
    this.name = "IntentExpiredError";
  }
}

/** The proposal was withdrawn before a decision. */
export class IntentCancelledError extends IntentBlockedError {
  constructor(intent: Intent) {
    super(intent, "cancelled", "the proposal was cancelled before a decision");
    this.name = "IntentCancelledError";
  }
}

/** The typed error for an intent that may not execute, or null when it may. */
export function blockedError(intent: Intent): IntentBlockedError | null {
  switch (intent.status) {
    case "allowed":
    case "approved":
      return null;
    case "denied":
      return new IntentDeniedError(intent);
    case "rejected":
      return new IntentRejectedError(intent);
    case "expired":
      return new IntentExpiredError(intent);
    case "cancelled":
      return new IntentCancelledError(intent);
    default:
      return new IntentBlockedError(intent, intent.status, `the intent is ${intent.status}, not allowed or approved`);
  }
}
