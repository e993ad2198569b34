import { csvRow } from "../../export/csv";
import type { RequestContext } from "../request-context";
import { type AuditFilters, auditWhere, serializeAuditEvent } from "./list-audit-events";

const BATCH = 500;

export const AUDIT_CSV_COLUMNS = [
  "seq", "at", "actor_type", "actor_id", "type", "subject_type", "subject_id", "data", "prev_hash", "hash",
] as const;

type AuditEvent = ReturnType<typeof serializeAuditEvent>;

/** Every matching event in seq order, read in batches so an export of any size holds one batch in memory. */
export async function* auditEventsInOrder(ctx: RequestContext, filters: AuditFilters): AsyncGenerator<AuditEvent> {
  let after = 0;
  for (;;) {
    const rows = await ctx.db.auditEvent.findMany({
      where: { seq: { gt: after }, ...auditWhere(filters) },
      orderBy: { seq: "asc" },
      take: BATCH,
    });
    for (const row of rows) yield serializeAuditEvent(row);
    if (rows.length < BATCH) return;
    after = rows[rows.length - 1].seq;
  }
}

export function auditCsvRow(e: AuditEvent): string {
  return csvRow([e.seq, e.at, e.actor.type, e.actor.id, e.type, e.subject.type, e.subject.id, JSON.stringify(e.data), e.prev_hash, e.hash]);
}

/**
 * GET /audit/export: the filtered events as a CSV (header row, one event per row, data as JSON)
 * or a JSON array, streamed as they are read. The first batch is read before the response
 * starts, so an unreachable database is still a clean 503 rather than a truncated file.
 */
export async function exportAuditEvents(ctx: RequestContext, filters: AuditFilters, format: "csv" | "json") {
  const events = auditEventsInOrder(ctx, filters);
  let pending: Promise<IteratorResult<AuditEvent>> | null = Promise.resolve(await events.next());
  const encoder = new TextEncoder();
  let count = 0;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(format === "csv" ? csvRow(AUDIT_CSV_COLUMNS) : "["));
    },
    async pull(controller) {
      const next = await (pending ?? events.next());
      pending = null;
      if (next.done) {
        if (format === "json") controller.enqueue(encoder.encode(count === 0 ? "]\n" : "\n]\n"));
        controller.close();
        return;
      }
      const text = format === "csv" ? auditCsvRow(next.value) : `${count === 0 ? "\n" : ",\n"}${JSON.stringify(next.value)}`;
      count += 1;
      controller.enqueue(encoder.encode(text));
    },
    async cancel() {
      await events.return(undefined);
    },
  });
  const stamp = new Date().toISOString().slice(0, 19).replaceAll(":", "").replace("T", "-");
  return {
    body,
    contentType: format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
    filename: `audit-${ctx.orgId}-${stamp}.${format}`,
  };
}
