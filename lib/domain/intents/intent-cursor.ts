import { validationFailed } from "../../errors";
import { isStorableText } from "../../storable-text";

/** Opaque keyset cursor over (created_at, id). */
export function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString("base64url");
}

export function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const createdAt = new Date(at);
  // A forged cursor may decode to what PostgreSQL cannot take (a NUL, a year before 4713 BC):
  // refused here as bad input rather than failing there as a 500.
  const year = createdAt.getUTCFullYear();
  if (!id || !isStorableText(id) || Number.isNaN(createdAt.getTime()) || year < 1 || year > 9999) {
    throw validationFailed([{ path: ["cursor"], message: "invalid cursor" }]);
  }
  return { createdAt, id };
}
