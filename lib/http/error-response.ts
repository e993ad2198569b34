import { randomUUID } from "node:crypto";
import { AppError } from "../errors";
import { TooManyOpen } from "./open-slots";
import { RateLimited } from "./rate-limit";

export function errorBody(code: string, message: string, details?: Record<string, unknown>) {
  return { error: details ? { code, message, details } : { code, message } };
}

export function errorResponse(error: AppError, headers?: HeadersInit): Response {
  return Response.json(errorBody(error.code, error.message, error.details), { status: error.status, headers });
}

/** Known errors map to the contract; anything else is a 500 with a request id, never the raw error. */
export function toResponse(error: unknown): Response {
  if (error instanceof RateLimited || error instanceof TooManyOpen) return errorResponse(error, { "retry-after": String(error.retryAfterSeconds) });
  if (error instanceof AppError) return errorResponse(error);
  const mapped = mapDatabaseError(error);
  if (mapped) return errorResponse(mapped);
  const requestId = randomUUID();
  console.error(`[http] request ${requestId} failed:`, error);
  return Response.json(errorBody("internal_error", `Internal error (request ${requestId})`), { status: 500 });
}

/**
 * Prisma's codes for "the database could not be reached or dropped the connection" (P1001 not
 * reachable, P1002/P1008 timeouts, P1017 connection closed, P2024 pool timeout, P2037 too many
 * connections): not the caller's fault, not a bug either — 503, retryable.
 */
const UNAVAILABLE_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2037"]);

function mapDatabaseError(error: unknown): AppError | null {
  const code = (error as { code?: unknown })?.code;
  const text = String((error as { message?: unknown })?.message ?? "");
  if ((typeof code === "string" && UNAVAILABLE_CODES.has(code)) || /ECONNREFUSED|ECONNRESET|Connection terminated|database system is (starting|shutting)/i.test(text)) {
    return new AppError("service_unavailable", "The database is unavailable; retry shortly");
  }
  return null;
}
