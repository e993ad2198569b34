import { z } from "zod";
import { contract } from "../registry";
import { ERROR_CODES } from "../../errors";

// What the routes answer with, for the OpenAPI document. These are published, never parsed with:
// plain (non-strict) objects, because the contract allows extra fields; the response-conformance
// suite (tests/integration/openapi-responses.test.ts) holds them to what the serializers return.

/** RFC 3339, UTC, as Date#toISOString writes it. */
export const ZTimestamp = z.iso.datetime();
export const ZNullableTimestamp = ZTimestamp.nullable();

/** `sha256:<hex>` of canonical JSON (payload hashes, policy snapshots). */
export const ZSha256 = z.string().regex(/^sha256:[0-9a-f]{64}$/);

/** The contract's list envelope: one page of items and the cursor of the next (null on the last). */
export function ZList<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    next_cursor: z.string().nullable().describe("Pass as ?cursor= for the next page; null on the last page."),
  });
}

/** `{"error": {"code", "message", "details"?}}`, the one shape of every 4xx and 5xx. */
export const ZErrorBody = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string().describe("Human-readable; do not parse it."),
    details: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("validation_failed: `issues` [{path, message}]; invalid_policy: rule, field, issues; refusals: reason or reason_code."),
  }),
}).register(contract, { id: "Error" });

/** An actor or subject reference as audit events and decision logs write it. */
export const ZRef = z.object({ type: z.string(), id: z.string().nullable() });
