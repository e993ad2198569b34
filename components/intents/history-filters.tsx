import Link from "next/link";
import { Field, SelectInput, TextInput } from "@/components/ui/form";
import { INTENT_STATUSES } from "@/lib/schemas/common";

type Facet = { value: string; count: number };

interface Props {
  facets: { actions: Facet[]; agents: Facet[] };
  current: { q?: string; status?: string; action?: string; agent?: string };
}

/** A plain GET form: search and filters live in the URL, so a view can be bookmarked and shared. */
export function HistoryFilters({ facets, current }: Props) {
  return (
    <form method="get" className="grid grid-cols-2 items-end gap-2 sm:flex sm:flex-wrap" data-testid="history-filters">
      <Field label="Search" className="col-span-2 sm:w-64">
        <TextInput type="search" name="q" defaultValue={current.q ?? ""} placeholder="Intent id or action…" data-testid="history-search" />
      </Field>
      <Field label="Status" className="sm:w-44">
        <SelectInput name="status" defaultValue={current.status ?? ""} data-testid="filter-status">
          <option value="">All</option>
          {INTENT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s.replace("_", " ")}
            </option>
          ))}
        </SelectInput>
      </Field>
      <Field label="Action" className="sm:w-48">
        <SelectInput name="action" defaultValue={current.action ?? ""} data-testid="filter-action">
          <option value="">All</option>
          {withCurrent(facets.actions, current.action).map((o) => (
            <option key={o.value} value={o.value}>
              {o.value} ({o.count})
            </option>
          ))}
        </SelectInput>
      </Field>
      <Field label="Agent" className="sm:w-44">
        <SelectInput name="agent" defaultValue={current.agent ?? ""} data-testid="filter-agent">
          <option value="">All</option>
          {withCurrent(facets.agents, current.agent).map((o) => (
            <option key={o.value} value={o.value}>
              {o.value} ({o.count})
            </option>
          ))}
        </SelectInput>
      </Field>
      <div className="col-span-2 flex items-center gap-2">
        <button type="submit" className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700" data-testid="history-apply">
          Apply
        </button>
        <Link href="/intents" className="px-2 py-1.5 text-sm text-slate-600 hover:underline" data-testid="history-clear">
          Clear
        </Link>
      </div>
    </form>
  );
}

/** A value from the URL that no intent has (yet) still shows as selected. */
function withCurrent(options: Facet[], current?: string): Facet[] {
  return current && !options.some((o) => o.value === current) ? [...options, { value: current, count: 0 }] : options;
}
