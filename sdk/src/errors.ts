/** The contract's error codes. The server may add codes, so any string can appear. */
export type ErrorCode =
  | "invalid_json"
  | "bad_request"
  | "unauthorized"
  | "invalid_credentials"
  | "forbidden"
  | "step_up_required"
  | "separation_of_duties"
  | "sign_in_required"
  | "invalid_execution_token"
  | "not_found"
  | "method_not_allowed"
  | "already_resolved"
  | "already_approved_by_user"
  | "idempotency_conflict"
  | "token_used"
  | "token_expired"
  | "not_executable"
  | "payload_mismatch"
  | "policy_changed"
  | "lease_revoked"
  | "lease_expired"
  | "approval_expired"
  | "conflict"
  | "invitation_invalid"
  | "payload_too_large"
  | "unsupported_media_type"
  | "validation_failed"
  | "invalid_policy"
  | "rate_limited"
  | "internal_error"
  | "service_unavailable"
  /** A non-2xx answer without the contract's error body (a proxy's HTML page, say). */
  | "http_error"
  /** A 2xx answer whose body is not the JSON the route promises. */
  | "invalid_response"
  | (string & {});

export interface TollgateErrorInit {
  status: number;
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
  requestId?: string;
  retryAfterMs?: number;
}

/** Every non-2xx answer: the contract's `{"error": {code, message, details}}` with the HTTP status. */
export class TollgateError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  /** The server's request id, when it gave one (500s name it). */
  readonly requestId: string | undefined;
  /** From a Retry-After header, when the server sent one. */
  readonly retryAfterMs: number | undefined;

  constructor(init: TollgateErrorInit) {
    super(init.message);
    this.name = "TollgateError";
    this.status = init.status;
    this.code = init.code;
    this.details = init.details;
    this.requestId = init.requestId;
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** The request never got an HTTP answer: connection refused or reset, DNS, or the request timed out. */
export class TollgateNetworkError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "TollgateNetworkError";
  }
}

/** An overall wait (waitForDecision, gate) ran out while the intent was still pending. */
export class TollgateTimeoutError extends Error {
  readonly intentId: string;
  readonly timeoutMs: number;

  constructor(intentId: string, timeoutMs: number) {
    super(`Intent ${intentId} was still pending approval after ${timeoutMs} ms`);
    this.name = "TollgateTimeoutError";
    this.intentId = intentId;
    this.timeoutMs = timeoutMs;
  }
}

/** Narrows to a TollgateError, optionally of one code: `isTollgateError(e, "token_used")`. */
export function isTollgateError<C extends ErrorCode>(error: unknown, code?: C): error is TollgateError & { code: C } {
  return error instanceof TollgateError && (code === undefined || error.code === code);
}

/** Worth retrying unchanged: no answer at all, a 5xx, or a 429. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof TollgateNetworkError) return true;
  return error instanceof TollgateError && (error.status >= 500 || error.status === 429);
}
