import Link from "next/link";
import { Field, SelectInput, TextInput } from "@/components/ui/form";
import { operationUrl } from "@/lib/client/api-client";
import { oversightOperations } from "@/lib/http/operations/oversight";
import { queryString } from "@/lib/search-params";

interface Props {
  types: { value: string; count: number }[];
  current: { type?: string; actor?: string; subject?: string };
}

/** Filters in the URL (a GET form), and downloads of exactly the filtered events. */
export function AuditFilters({ types, current }: Props) {
  const filterQuery = queryString(current);
  const exportHref = (format: "csv" | "json") => operationUrl(oversightOperations.exportAuditEvents, {}, { format, ...current });
  return (
    <div className="flex flex-col gap-3 lg:flex-row lg:items-end lg:justify-between">
      <form method="get" className="grid grid-cols-2 items-end gap-2 sm:flex sm:flex-wrap" data-testid="audit-filters">
        <Field label="Type" className="col-span-2 sm:col-span-1 sm:w-48">
          <SelectInput name="type" defaultValue={current.type ?? ""} data-testid="audit-filter-type">
            <option value="">All types</option>
            {(current.type && !types.some((t) => t.value === current.type) ? [...types, { value: current.type, count: 0 }] : types).map((t) => (
              <option key={t.value} value={t.value}>
                {t.value} ({t.count})
              </option>
            ))}
          </SelectInput>
        </Field>
        <Field label="Actor id" className="sm:w-52">
          <TextInput name="actor" defaultValue={current.actor ?? ""} placeholder="usr_… or agt_…" data-testid="audit-filter-actor" />
        </Field>
        <Field label="Subject id" className="sm:w-52">
          <TextInput name="subject" defaultValue={current.subject ?? ""} placeholder="int_…, agt_…, pat_…" data-testid="audit-filter-subject" />
        </Field>
        <div className="col-span-2 flex items-center gap-2">
          <button type="submit" className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700" data-testid="audit-apply">
            Apply
          </button>
          {filterQuery ? (
            <Link href="/audit" className="px-2 py-1.5 text-sm text-slate-600 hover:underline" data-testid="audit-clear">
              Clear
            </Link>
          ) : null}
        </div>
      </form>
      <div className="flex items-center gap-2 text-sm">
        <span className="text-xs text-slate-500">{filterQuery ? "Export filtered:" : "Export all:"}</span>
        <a href={exportHref("csv")} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium text-slate-800 hover:bg-slate-50" data-testid="export-csv" download>
          CSV
        </a>
        <a href={exportHref("json")} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium text-slate-800 hover:bg-slate-50" data-testid="export-json" download>
          JSON
        </a>
      </div>
    </div>
  );
}
