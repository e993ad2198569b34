import { AppError, validationFailed } from "../errors";
import { UNSTORABLE_MESSAGE, isStorableText } from "../storable-text";

export const MAX_BODY_BYTES = 256 * 1024;

/** The raw body as text, refusing anything over 256 KiB before reading it all into memory. */
export async function readBodyText(req: Request): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await readChunk(reader);
    if (done) break;
    total += value.byteLength;
    if (total > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new AppError("invalid_json", "Request body is not valid UTF-8");
  }
}

/**
 * A body stream fails when the client goes away mid-request (ECONNRESET, "aborted"): its doing,
 * not a server fault, so a 400 — which nobody receives — and no error in the server's log.
 */
async function readChunk(reader: ReadableStreamDefaultReader<Uint8Array>) {
  try {
    return await reader.read();
  } catch {
    throw new AppError("bad_request", "The request body could not be read: the client closed the connection");
  }
}

/** Parsed JSON; an empty body reads as {} so body-less POSTs (cancel, rotate) need no "{}". */
export async function readJsonBody(req: Request): Promise<unknown> {
  const text = await readBodyText(req);
  if (text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AppError("invalid_json", `Malformed JSON: ${(error as Error).message}`);
  }
  assertStorable(value);
  return value;
}

// Strings PostgreSQL cannot store (NUL, lone surrogates) are refused here as bad input, and so
// are numbers JSON can write but a double cannot hold (1e400 parses as Infinity, which neither
// canonical hashing nor jsonb takes); the depth bound keeps this walk, zod and canonical hashing
// away from pathological nesting.
function assertStorable(value: unknown, depth = 0): void {
  if (depth > 64) throw validationFailed([{ path: [], message: "JSON nesting deeper than 64 levels" }]);
  if (typeof value === "string") {
    if (!isStorableText(value)) throw unstorable();
  } else if (typeof value === "number") {
    if (!Number.isFinite(value)) throw validationFailed([{ path: [], message: "numbers must be finite (this one overflows a double)" }]);
  } else if (Array.isArray(value)) {
    for (const item of value) assertStorable(item, depth + 1);
  } else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (!isStorableText(key)) throw unstorable();
      assertStorable(item, depth + 1);
    }
  }
}

const unstorable = () => validationFailed([{ path: [], message: UNSTORABLE_MESSAGE }]);

const tooLarge = () => new AppError("payload_too_large", `Request body exceeds ${MAX_BODY_BYTES} bytes`);
