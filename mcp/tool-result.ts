import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { TollgateError, TollgateNetworkError, TollgateTimeoutError } from "@tollgate/sdk";

/** A successful call: the structured result, and the same JSON as text for clients that only read text. */
export function toolResult(structured: Record<string, unknown>): CallToolResult {
  return { content: [{ type: "text", text: JSON.stringify(structured) }], structuredContent: structured };
}

/**
 * A refusal as an MCP tool error (`isError: true`) whose text is the contract's error body,
 * `{"error": {"code", "message", "status", "details"?}}`, so the model sees the exact code
 * (unauthorized, not_found, token_used, …) and a client can parse it. No structuredContent:
 * clients check that against the tool's outputSchema, which describes successes.
 */
export function toolError(error: unknown, baseUrl: string): CallToolResult {
  const body = errorBody(error, baseUrl);
  return { content: [{ type: "text", text: JSON.stringify({ error: body }) }], isError: true };
}

function errorBody(error: unknown, baseUrl: string) {
  if (error instanceof TollgateError) {
    return { code: error.code, message: error.message, status: error.status, ...(error.details ? { details: error.details } : {}) };
  }
  if (error instanceof TollgateNetworkError) return { code: "network_error", message: `Could not reach Tollgate at ${baseUrl}: ${error.message}` };
  if (error instanceof TollgateTimeoutError) return { code: "timeout", message: error.message };
  return { code: "internal_error", message: error instanceof Error ? error.message : String(error) };
}

/** Runs a tool body and turns any failure into a tool error instead of a protocol error. */
export async function guarded(baseUrl: string, body: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await body();
  } catch (error) {
    return toolError(error, baseUrl);
  }
}
