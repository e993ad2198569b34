import { validationFailed } from "../errors";
import { ZIdempotencyKey } from "../schemas/common";

/**
 * The Idempotency-Key header of POST /intents and POST /leases, checked before anything is
 * written. ZIdempotencyKey is also what the OpenAPI document publishes for the header.
 */
export function checkIdempotencyKey(key: string | null): string | null {
  if (key === null) return null;
  if (!ZIdempotencyKey.safeParse(key).success) {
    throw validationFailed([{ path: ["Idempotency-Key"], message: "must be 1-255 printable ASCII characters" }]);
  }
  return key;
}
