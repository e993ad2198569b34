import { validationFailed } from "../../errors";
import { isStorableText } from "../../storable-text";

/** Opaque keyset cursor over (created_at, id). */
export function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString("base64url");
}

/**
 * The key a cursor stands for. Anything we cannot have issued is refused as 422: a date outside
 * the years 1–9999 (JavaScript reaches further than PostgreSQL's timestamps, and writes year 0,
 * which PostgreSQL does not have) or an id that is too long or holds a NUL would otherwise reach
 * the query and fail there as a 500.
 */
export function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const createdAt = new Date(at);
  // A forged cursor may decode to what PostgreSQL cannot take (a NUL, a year before 4713 BC):
  // refused here as bad input rather than failing there as a 500.
  const year = createdAt.getUTCFullYear();
  if (!id || id.length > 64 || !isStorableText(id) || Number.isNaN(createdAt.getTime()) || year < 1 || year > 9999) {
    throw validationFailed([{ path: ["cursor"], message: "invalid cursor" }]);
  }
  return { createdAt, id };
}
