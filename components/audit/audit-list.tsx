import Link from "next/link";
import type { z } from "zod";
import type { ZAuditEvent } from "@/lib/schemas/responses/audit";
import { shortHash, summarizeData, utc } from "@/lib/format";
import { queryString } from "@/lib/search-params";

export type AuditRow = z.output<typeof ZAuditEvent>;

const COLUMNS = "md:grid-cols-[3.5rem_10.5rem_minmax(0,1.1fr)_minmax(0,1.1fr)_minmax(0,1.7fr)_minmax(0,1.8fr)]";

/** Where a subject can be looked at in the dashboard. */
function subjectHref(subject: AuditRow["subject"]): string | null {
  if (subject.type === "intent") return `/intents/${subject.id}`;
  return null;
}

/** The event stream, newest first; actor and subject ids filter the list when clicked. */
export function AuditList({ events, names }: { events: AuditRow[]; names: Map<string, string> }) {
  return (
    <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
      <div className={`hidden gap-3 border-b border-slate-200 bg-slate-50 px-4 py-2 text-xs font-medium uppercase tracking-wide text-slate-500 md:grid ${COLUMNS}`}>
        <span>Seq</span>
        <span>Time</span>
        <span>Actor</span>
        <span>Type</span>
        <span>Subject</span>
        <span>Data</span>
      </div>
      <ul className="divide-y divide-slate-100" data-testid="audit-list">
        {events.map((e) => {
          const actorName = e.actor.id ? names.get(e.actor.id) : null;
          const href = subjectHref(e.subject);
          return (
            <li key={e.seq} className={`grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1 px-4 py-2.5 text-sm md:gap-y-0 ${COLUMNS}`} data-testid="audit-row" data-seq={e.seq} data-type={e.type}>
              <span className="font-mono text-xs text-slate-500 md:pt-0.5">#{e.seq}</span>
              <span className="text-xs text-slate-500 md:pt-0.5">{utc(e.at, { seconds: true })}</span>
              <span className="col-span-2 flex min-w-0 items-baseline gap-1 text-xs md:col-span-1 md:pt-0.5">
                <span className="shrink-0 text-slate-500">{e.actor.type}</span>
                {e.actor.id ? (
                  <Link href={`/audit${queryString({ actor: e.actor.id })}`} className="truncate text-slate-800 hover:underline" title={`${actorName ? `${actorName} · ` : ""}${e.actor.id} (show only this actor)`}>
                    {actorName ?? e.actor.id}
                  </Link>
                ) : null}
              </span>
              <code className="col-span-2 min-w-0 break-all text-xs text-slate-900 md:col-span-1 md:pt-0.5">{e.type}</code>
              <span className="col-span-2 min-w-0 text-xs md:col-span-1 md:pt-0.5">
                <span className="text-slate-500">{e.subject.type} </span>
                {href ? (
                  <Link href={href} className="break-all font-mono text-sky-700 hover:underline" title={e.subject.id}>
                    {e.subject.id}
                  </Link>
                ) : (
                  <Link href={`/audit${queryString({ subject: e.subject.id })}`} className="break-all font-mono text-slate-700 hover:underline" title={e.subject.id}>
                    {e.subject.type === "policy" ? shortHash(e.subject.id, 12) : e.subject.id}
                  </Link>
                )}
              </span>
              <details className="col-span-2 min-w-0 text-xs md:col-span-1">
                <summary className="cursor-pointer truncate text-slate-600 marker:text-slate-400" title="Show the full event">
                  {summarizeData(e.data) || "—"}
                </summary>
                <pre className="mt-1 max-h-64 overflow-auto rounded bg-slate-50 p-2 text-[11px] text-slate-700">
                  {JSON.stringify({ data: e.data, prev_hash: e.prev_hash, hash: e.hash }, null, 2)}
                </pre>
              </details>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
