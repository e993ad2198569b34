import { randomUUID } from "node:crypto";
import { AppError } from "../errors";

export function errorBody(code: string, message: string, details?: Record<string, unknown>) {
  return { error: details ? { code, message, details } : { code, message } };
}

export function errorResponse(error: AppError, headers?: HeadersInit): Response {
  return Response.json(errorBody(error.code, error.message, error.details), { status: error.status, headers });
}

/** Known errors map to the contract; anything else is a 500 with a request id, never the raw error. */
export function toResponse(error: unknown): Response {
  if (error instanceof AppError) return errorResponse(error);
  const mapped = mapDatabaseError(error);
  if (mapped) return errorResponse(mapped);
  const requestId = randomUUID();
  console.error(`[http] request ${requestId} failed:`, error);
  return Response.json(errorBody("internal_error", `Internal error (request ${requestId})`), { status: 500 });
}

/** Database unavailability is not the caller's fault but is not a bug either: 503, retryable. */
function mapDatabaseError(error: unknown): AppError | null {
  const text = String((error as { message?: unknown })?.message ?? "");
  if (/ECONNREFUSED|ECONNRESET|Connection terminated|timeout exceeded when trying to connect|database system is (starting|shutting)/i.test(text)) {
    return new AppError("service_unavailable", "The database is unavailable; retry shortly");
  }
  return null;
}
