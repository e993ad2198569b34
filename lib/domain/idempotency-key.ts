import { validationFailed } from "../errors";

/**
 * The Idempotency-Key header of POST /intents and POST /leases: 1-255 printable ASCII characters.
 * Checked before anything is written; a longer key would also overflow the unique index it is
 * stored under (a 500 instead of the contract's 422).
 */
export function checkIdempotencyKey(key: string | null): string | null {
  if (key === null) return null;
  if (key.length < 1 || key.length > 255 || !/^[\x21-\x7e]+$/.test(key)) {
    throw validationFailed([{ path: ["Idempotency-Key"], message: "must be 1-255 printable ASCII characters" }]);
  }
  return key;
}
