/** The contract's error codes and the HTTP status each one answers with. */
const STATUS_BY_CODE = {
  invalid_json: 400,
  bad_request: 400,
  unauthorized: 401,
  invalid_credentials: 401,
  forbidden: 403,
  step_up_required: 403,
  sign_in_required: 403,
  email_unverified: 403,
  signup_disabled: 403,
  reauth_required: 403,
  separation_of_duties: 403,
  not_assigned: 403,
  invalid_execution_token: 403,
  not_found: 404,
  method_not_allowed: 405,
  already_resolved: 409,
  already_approved_by_user: 409,
  idempotency_conflict: 409,
  token_used: 409,
  token_expired: 409,
  not_executable: 409,
  payload_mismatch: 409,
  policy_changed: 409,
  lease_revoked: 409,
  lease_expired: 409,
  approval_expired: 409,
  not_executed: 409,
  audit_incomplete: 409,
  conflict: 409,
  invitation_invalid: 410,
  reset_token_invalid: 410,
  verification_invalid: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  invalid_policy: 422,
  rate_limited: 429,
  internal_error: 500,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof STATUS_BY_CODE;

/** Every error code, in the order above (the OpenAPI document lists them from here). */
export const ERROR_CODES = Object.keys(STATUS_BY_CODE) as ErrorCode[];

export const statusOf = (code: ErrorCode): number => STATUS_BY_CODE[code];

/** The one error class domain code throws; lib/http/error-response.ts turns it into the contract's shape. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "AppError";
    this.status = STATUS_BY_CODE[code];
  }
}

export const notFound = (what = "Resource") => new AppError("not_found", `${what} not found`);

/** The contract's 422 validation_failed, one issue (path + message) per problem. */
export function validationFailed(issues: { path: string[]; message: string }[]): AppError {
  const first = issues[0];
  const where = first && first.path.length > 0 ? `${first.path.join(".")}: ` : "";
  return new AppError("validation_failed", `Invalid request: ${where}${first?.message ?? "invalid"}`, { issues });
}
