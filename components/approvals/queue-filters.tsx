import Link from "next/link";

type Facet = { value: string; count: number };

interface Props {
  facets: { actions: Facet[]; agents: Facet[]; environments: Facet[]; riskTags: Facet[] };
  current: { action?: string; agent?: string; environment?: string; risk_tag?: string; assigned?: "me" };
}

/** Plain GET form: filters live in the URL, so a filtered queue can be bookmarked and shared. */
export function QueueFilters({ facets, current }: Props) {
  return (
    <form className="flex flex-wrap items-end gap-2 text-sm" method="get" data-testid="queue-filters">
      <Select name="action" label="Action" options={facets.actions} value={current.action} />
      <Select name="agent" label="Agent" options={facets.agents} value={current.agent} />
      <Select name="environment" label="Environment" options={facets.environments} value={current.environment} />
      <Select name="risk_tag" label="Risk tag" options={facets.riskTags} value={current.risk_tag} />
      <label className="flex items-center gap-1.5 self-center pt-4 text-sm text-slate-800">
        <input type="checkbox" name="assigned" value="me" defaultChecked={current.assigned === "me"} className="h-4 w-4 rounded border-slate-300" />
        Assigned to me
      </label>
      <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50">
        Filter
      </button>
      <Link href="/approvals" className="px-2 py-1.5 text-slate-600 hover:underline">
        Clear
      </Link>
    </form>
  );
}

function Select({ name, label, options, value }: { name: string; label: string; options: Facet[]; value?: string }) {
  return (
    <label className="flex flex-col text-xs text-slate-600">
      {label}
      <select name={name} defaultValue={value ?? ""} className="mt-0.5 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-900">
        <option value="">All</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.value} ({o.count})
          </option>
        ))}
      </select>
    </label>
  );
}
