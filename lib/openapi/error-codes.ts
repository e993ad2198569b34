import { ERROR_CODES, type ErrorCode } from "../errors";
import type { Operation } from "../http/operation";

/**
 * The error codes an operation can answer with: those its declaration implies (route() and the
 * path ids produce them), plus the ones it lists. In ERROR_CODES order.
 */
export function errorCodesOf(operation: Operation): ErrorCode[] {
  const codes = new Set<ErrorCode>(operation.errors ?? []);
  if (operation.caller !== "public" || operation.optionalAuth) {
    codes.add("unauthorized");
    // Wrong kind of caller, too low a role, or a cookie-authenticated write from another site.
    codes.add("forbidden");
  }
  if (operation.body) {
    codes.add("invalid_json");
    codes.add("payload_too_large");
    codes.add("validation_failed");
  }
  if (operation.rateLimit) codes.add("rate_limited");
  const hasPathIds = operation.path.includes("{");
  // Query values and path ids are validated too (a NUL in an id is a 422, not a 500).
  if (operation.query || hasPathIds) codes.add("validation_failed");
  if (hasPathIds) codes.add("not_found");
  return ERROR_CODES.filter((code) => codes.has(code));
}
