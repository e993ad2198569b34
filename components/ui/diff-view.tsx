import type { DiffLine } from "@/lib/diff/line-diff";

/** A line diff with old and new line numbers; removed lines red, added green (like the payload diff). */
export function DiffView({ lines, testId = "diff" }: { lines: DiffLine[]; testId?: string }) {
  let oldNo = 0;
  let newNo = 0;
  const numbered = lines.map((line) => {
    if (line.kind !== "add") oldNo++;
    if (line.kind !== "remove") newNo++;
    return { ...line, oldNo: line.kind === "add" ? null : oldNo, newNo: line.kind === "remove" ? null : newNo };
  });
  return (
    <pre className="overflow-x-auto rounded-md border border-slate-200 bg-white py-1 font-mono text-xs leading-5" data-testid={testId}>
      {numbered.map((line, i) => (
        <div
          // biome-ignore lint/suspicious/noArrayIndexKey: lines have no identity beyond position
          key={i}
          data-kind={line.kind}
          className={`flex min-w-max ${line.kind === "add" ? "bg-emerald-50 text-emerald-900" : line.kind === "remove" ? "bg-rose-50 text-rose-900" : "text-slate-600"}`}
        >
          <span className="w-9 shrink-0 select-none pr-1 text-right text-slate-400">{line.oldNo ?? ""}</span>
          <span className="w-9 shrink-0 select-none pr-1 text-right text-slate-400">{line.newNo ?? ""}</span>
          <span className="w-5 shrink-0 select-none text-center">{line.kind === "add" ? "+" : line.kind === "remove" ? "−" : " "}</span>
          <span className="pr-3">{line.text}</span>
        </div>
      ))}
    </pre>
  );
}
