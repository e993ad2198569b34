import { csvRow } from "../../export/csv";
import type { RequestContext } from "../request-context";
import { chainPendingAuditEvents } from "./chain-audit-events";
import { serializeCheckpoint } from "./checkpoints";
import { type AuditFilters, auditWhere, serializeAuditEvent } from "./list-audit-events";

const BATCH = 500;

export const AUDIT_CSV_COLUMNS = [
  "seq", "at", "actor_type", "actor_id", "type", "subject_type", "subject_id", "data", "prev_hash", "hash",
] as const;

type AuditEvent = ReturnType<typeof serializeAuditEvent>;

/** Every matching event in seq order, read in batches so an export of any size holds one batch in memory. */
export async function* auditEventsInOrder(ctx: RequestContext, filters: AuditFilters, upTo: number): AsyncGenerator<AuditEvent> {
  let after = 0;
  for (;;) {
    const rows = await ctx.db.auditEvent.findMany({
      where: { seq: { gt: after, lte: upTo }, ...auditWhere(filters) },
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
 * or, as JSON, the evidence file: `{org_id, exported_at, filtered, events: [...], checkpoints: [...]}`
 * with every signed checkpoint after the events (`npm run cli -- audit verify --export` checks it
 * offline). Streamed as read; the first batch is read before the response starts, so an
 * unreachable database is still a clean 503 rather than a truncated file.
 */
export async function exportAuditEvents(ctx: RequestContext, filters: AuditFilters, format: "csv" | "json") {
  // The chain as it stands now: events appended while the file streams are left for the next
  // export, so the file is one consistent prefix and its checkpoints all fall inside it.
  await chainPendingAuditEvents(ctx);
  const upTo = (await ctx.db.auditEvent.aggregate({ _max: { seq: true } }))._max.seq ?? 0;
  const events = auditEventsInOrder(ctx, filters, upTo);
  let pending: Promise<IteratorResult<AuditEvent>> | null = Promise.resolve(await events.next());
  const encoder = new TextEncoder();
  let count = 0;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const opening = `{"org_id":${JSON.stringify(ctx.orgId)},"exported_at":"${new Date().toISOString()}","filtered":${Object.values(filters).some(Boolean)},"events":[`;
      controller.enqueue(encoder.encode(format === "csv" ? csvRow(AUDIT_CSV_COLUMNS) : opening));
    },
    async pull(controller) {
      const next = await (pending ?? events.next());
      pending = null;
      if (next.done) {
        if (format === "json") {
          const checkpoints = await ctx.db.auditCheckpoint.findMany({ where: { seq: { lte: upTo } }, orderBy: { seq: "asc" } });
          controller.enqueue(encoder.encode(`${count === 0 ? "" : "\n"}],\n"checkpoints":${JSON.stringify(checkpoints.map(serializeCheckpoint))}}\n`));
        }
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
