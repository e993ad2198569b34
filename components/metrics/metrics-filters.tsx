import Link from "next/link";
import { Field, SelectInput, TextInput } from "@/components/ui/form";
import { RANGE_PRESETS } from "@/lib/metrics-range";
import { queryString } from "@/lib/search-params";

type Facet = { value: string; count: number };

interface Props {
  facets: { actions: Facet[]; agents: Facet[]; environments: Facet[] };
  range: { preset: string; fromInput: string; toInput: string };
  current: { action?: string; agent?: string; environment?: string };
}

/**
 * Range presets as links and a plain GET form for a custom window and the filters: the whole view
 * lives in the URL, so it can be bookmarked and shared. Preset links keep the filters.
 */
export function MetricsFilters({ facets, range, current }: Props) {
  const custom = range.preset === "custom";
  return (
    <div className="space-y-3" data-testid="metrics-filters">
      <nav className="inline-flex overflow-hidden rounded-md border border-slate-300 bg-white text-sm" aria-label="Range">
        {RANGE_PRESETS.map((p) => {
          const active = range.preset === p.id;
          return (
            <Link
              key={p.id}
              href={`/metrics${queryString({ range: p.id, ...current })}`}
              aria-current={active ? "page" : undefined}
              className={`border-r border-slate-200 px-3 py-1.5 font-medium ${active ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-50"}`}
              data-testid={`range-${p.id}`}
            >
              {p.label}
            </Link>
          );
        })}
        <span className={`px-3 py-1.5 font-medium ${custom ? "bg-slate-900 text-white" : "text-slate-400"}`} data-testid="range-custom" data-active={custom}>
          Custom
        </span>
      </nav>
      <form method="get" action="/metrics" className="grid grid-cols-2 items-end gap-2 sm:flex sm:flex-wrap">
        {!custom ? <input type="hidden" name="range" value={range.preset} /> : null}
        <Field label="From (UTC)" className="sm:w-40">
          <TextInput type="date" name="from" defaultValue={custom ? range.fromInput : ""} data-testid="range-from" />
        </Field>
        <Field label="To (UTC, inclusive)" className="sm:w-40">
          <TextInput type="date" name="to" defaultValue={custom ? range.toInput : ""} data-testid="range-to" />
        </Field>
        <Field label="Action" className="sm:w-48">
          <FacetSelect name="action" options={facets.actions} current={current.action} />
        </Field>
        <Field label="Agent" className="sm:w-44">
          <FacetSelect name="agent" options={facets.agents} current={current.agent} />
        </Field>
        <Field label="Environment" className="col-span-2 sm:col-span-1 sm:w-40">
          <FacetSelect name="environment" options={facets.environments} current={current.environment} />
        </Field>
        <div className="col-span-2 flex items-center gap-2">
          <button type="submit" className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700" data-testid="metrics-apply">
            Apply
          </button>
          <Link href="/metrics" className="px-2 py-1.5 text-sm text-slate-600 hover:underline" data-testid="metrics-clear">
            Clear
          </Link>
        </div>
      </form>
    </div>
  );
}

function FacetSelect({ name, options, current }: { name: string; options: Facet[]; current?: string }) {
  // A value from the URL that no intent has (yet) still shows as selected.
  const all = current && !options.some((o) => o.value === current) ? [...options, { value: current, count: 0 }] : options;
  return (
    <SelectInput name={name} defaultValue={current ?? ""} data-testid={`metrics-filter-${name}`}>
      <option value="">All</option>
      {all.map((o) => (
        <option key={o.value} value={o.value}>
          {o.value} ({o.count})
        </option>
      ))}
    </SelectInput>
  );
}
