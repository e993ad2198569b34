type Scope = {
  capabilities?: string[];
  destinations?: string[];
  spend_limit?: { amount: number; currency: string; window: string } | null;
  ttl?: string;
  purpose?: string;
};

/** A lease scope, spelled out: exactly what is being (or was) granted. */
export function ScopeView({ scope, testId }: { scope: Scope; testId?: string }) {
  return (
    <dl className="grid gap-1 text-sm sm:grid-cols-2" data-testid={testId}>
      <Row label="Capabilities">{(scope.capabilities ?? []).join(", ") || "none"}</Row>
      <Row label="Destinations">{(scope.destinations ?? []).length ? (scope.destinations ?? []).join(", ") : "any"}</Row>
      <Row label="Spend limit">
        {scope.spend_limit ? `${scope.spend_limit.amount} ${scope.spend_limit.currency} per ${scope.spend_limit.window}` : "no limit"}
      </Row>
      <Row label="Time to live">{scope.ttl ?? "—"}</Row>
      {scope.purpose ? <Row label="Purpose">{scope.purpose}</Row> : null}
    </dl>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="inline text-slate-500">{label}: </dt>
      <dd className="inline font-medium text-slate-900">{children}</dd>
    </div>
  );
}

/** What a renewal changes: each field shown as current → requested when it differs. */
export function ScopeChange({ current, requested }: { current: Scope; requested: Scope }) {
  const fields: [string, (s: Scope) => string][] = [
    ["Capabilities", (s) => (s.capabilities ?? []).join(", ")],
    ["Destinations", (s) => ((s.destinations ?? []).length ? (s.destinations ?? []).join(", ") : "any")],
    ["Spend limit", (s) => (s.spend_limit ? `${s.spend_limit.amount} ${s.spend_limit.currency} / ${s.spend_limit.window}` : "no limit")],
    ["Time to live", (s) => s.ttl ?? "—"],
  ];
  return (
    <table className="w-full text-sm" data-testid="scope-change">
      <tbody>
        {fields.map(([label, show]) => {
          const before = show(current);
          const after = show(requested);
          return (
            <tr key={label} className={before === after ? "text-slate-500" : "font-medium"}>
              <td className="py-0.5 pr-3">{label}</td>
              <td className="py-0.5 pr-3">{before}</td>
              <td className="py-0.5">{before === after ? "unchanged" : <span className="text-amber-800">→ {after}</span>}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
