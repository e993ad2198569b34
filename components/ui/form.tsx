import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";

export const INPUT_CLASS =
  "h-9 rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm text-slate-900 placeholder:text-slate-400 focus:border-sky-500 focus:outline-none focus:ring-2 focus:ring-sky-200 disabled:bg-slate-50 disabled:text-slate-500";

/** A label above its control, the way every filter and form in the dashboard lays out. */
export function Field({ label, hint, children, className = "" }: { label: string; hint?: ReactNode; children: ReactNode; className?: string }) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is the child passed in; a wrapping label names it
    <label className={`flex flex-col gap-1 text-xs font-medium text-slate-600 ${className}`}>
      {label}
      {children}
      {hint ? <span className="font-normal text-slate-500">{hint}</span> : null}
    </label>
  );
}

/** Controls fill their column unless the caller sets a width. */
const width = (className: string) => (/(^|\s)(w-|min-w-|max-w-)/.test(className) ? "" : "w-full");

export function TextInput({ className = "", ...props }: InputHTMLAttributes<HTMLInputElement>) {
  return <input {...props} className={`${INPUT_CLASS} ${width(className)} ${className}`} />;
}

export function SelectInput({ className = "", children, ...props }: SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <select {...props} className={`${INPUT_CLASS} ${width(className)} ${className}`}>
      {children}
    </select>
  );
}

/** A white panel with an optional heading row. */
export function Panel({ title, actions, children, testId, className = "" }: { title?: ReactNode; actions?: ReactNode; children: ReactNode; testId?: string; className?: string }) {
  return (
    <section className={`rounded-lg border border-slate-200 bg-white ${className}`} data-testid={testId}>
      {title || actions ? (
        <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 px-4 py-2.5">
          {title ? <h2 className="text-sm font-semibold text-slate-900">{title}</h2> : <span />}
          {actions}
        </div>
      ) : null}
      {children}
    </section>
  );
}
