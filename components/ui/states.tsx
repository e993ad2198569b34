import type { ReactNode } from "react";

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
      <p className="font-medium text-slate-800">{title}</p>
      {children ? <div className="mt-1 text-sm text-slate-500">{children}</div> : null}
    </div>
  );
}

export function ErrorNote({ children }: { children: ReactNode }) {
  return (
    <div role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800">
      {children}
    </div>
  );
}

/** A read the API refused: 403 as a forbidden state, 422 (a hand-edited link) as an invalid one. */
export function Refused({ read, forbidden }: { read: { status: 403 | 404 | 422; error: { message: string } }; forbidden?: string }) {
  if (read.status !== 403) return <ErrorNote>This page link is no longer valid ({read.error.message}).</ErrorNote>;
  return <EmptyState title={forbidden ?? "You do not have access to this page"}>{read.error.message}. Ask an admin of this organization.</EmptyState>;
}

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="mb-5 flex flex-wrap items-end justify-between gap-3">
      <h1 className="text-xl font-semibold text-slate-900">{title}</h1>
      {children}
    </div>
  );
}

export function Skeleton({ rows = 3 }: { rows?: number }) {
  return (
    <div className="space-y-3" role="status" aria-busy="true" aria-label="Loading">
      {Array.from({ length: rows }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders
        <div key={i} className="h-24 animate-pulse rounded-lg bg-slate-200/70" />
      ))}
    </div>
  );
}
