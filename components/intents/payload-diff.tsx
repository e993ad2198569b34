import { lineDiff, stableJson } from "@/lib/diff/line-diff";

type Payload = { before?: unknown; after?: unknown; diff?: unknown };

/** A before/after pair (or a unified diff string) carried by the payload, highlighted line by line. */
export function PayloadDiff({ payload }: { payload: unknown }) {
  const p = (payload && typeof payload === "object" ? payload : {}) as Payload;
  if (typeof p.diff === "string") return <UnifiedDiff text={p.diff} />;
  if (!("before" in p) && !("after" in p)) return null;
  const lines = lineDiff(stableJson(p.before ?? null), stableJson(p.after ?? null));
  return (
    <pre className="overflow-x-auto rounded-md border border-slate-200 bg-white text-xs" data-testid="payload-diff">
      {lines.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: lines have no identity beyond position
        <div key={i} className={line.kind === "add" ? "bg-emerald-50 text-emerald-900" : line.kind === "remove" ? "bg-rose-50 text-rose-900" : "text-slate-600"}>
          <span className="inline-block w-5 select-none text-center">{line.kind === "add" ? "+" : line.kind === "remove" ? "−" : " "}</span>
          {line.text}
        </div>
      ))}
    </pre>
  );
}

function UnifiedDiff({ text }: { text: string }) {
  return (
    <pre className="overflow-x-auto rounded-md border border-slate-200 bg-white text-xs" data-testid="payload-diff">
      {text.split("\n").map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: lines have no identity beyond position
        <div key={i} className={line.startsWith("+") ? "bg-emerald-50 text-emerald-900" : line.startsWith("-") ? "bg-rose-50 text-rose-900" : "text-slate-600"}>
          {line}
        </div>
      ))}
    </pre>
  );
}
