import type { Prisma } from "../../generated/prisma/client";
import { validationFailed } from "../../errors";
import { isStorableText } from "../../storable-text";

/** The pending queue's order: SLA deadline (none last), then age, then id. */
export interface QueueKey {
  slaDeadline: Date | null;
  createdAt: Date;
  id: string;
}

/** Opaque keyset cursor over the pending queue's order; tagged so the resolved view's cursors are not taken for it. */
export function encodeQueueCursor(row: QueueKey): string {
  return Buffer.from(`queue|${row.slaDeadline?.toISOString() ?? ""}|${row.createdAt.toISOString()}|${row.id}`).toString("base64url");
}

/** The key a queue cursor stands for; anything we cannot have issued is a 422 (as every list's cursor). */
export function decodeQueueCursor(cursor: string): QueueKey {
  const parts = Buffer.from(cursor, "base64url").toString().split("|");
  const [tag, sla, created, id] = parts;
  const slaDeadline = sla ? storableDate(sla) : null;
  const createdAt = created ? storableDate(created) : undefined;
  if (parts.length !== 4 || tag !== "queue" || slaDeadline === undefined || !createdAt || !id || id.length > 64 || !isStorableText(id)) {
    throw validationFailed([{ path: ["cursor"], message: "invalid cursor" }]);
  }
  return { slaDeadline, createdAt, id };
}

/** Rows after `key` in the queue's order (PostgreSQL sorts NULL deadlines last, as the listing asks). */
export function afterQueueKey(key: QueueKey): Prisma.IntentWhereInput {
  const sameDeadlineLater: Prisma.IntentWhereInput[] = [
    { slaDeadline: key.slaDeadline, createdAt: { gt: key.createdAt } },
    { slaDeadline: key.slaDeadline, createdAt: key.createdAt, id: { gt: key.id } },
  ];
  if (key.slaDeadline === null) return { OR: sameDeadlineLater };
  return { OR: [{ slaDeadline: { gt: key.slaDeadline } }, { slaDeadline: null }, ...sameDeadlineLater] };
}

/** A date PostgreSQL's timestamp can hold (years 1–9999), else undefined. */
function storableDate(text: string): Date | undefined {
  const date = new Date(text);
  const year = date.getUTCFullYear();
  return Number.isNaN(date.getTime()) || year < 1 || year > 9999 ? undefined : date;
}
