import Link from "next/link";
import type { ReactNode } from "react";

/** Public documentation pages: no sign-in needed, so the dashboard's layout (which requires one) stays out. */
export default function DocsLayout({ children }: { children: ReactNode }) {
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center gap-4 px-4 py-2.5">
          <Link href="/approvals" className="font-semibold tracking-tight">
            Tollgate
          </Link>
          <span className="text-sm text-slate-500">API reference</span>
          <a href="/api/v1/openapi.json" className="ml-auto text-sm text-sky-700 hover:underline" data-testid="openapi-json-link">
            openapi.json
          </a>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-6">{children}</main>
    </div>
  );
}
