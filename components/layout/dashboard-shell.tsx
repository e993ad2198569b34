"use client";

import { SessionProvider, signOut } from "next-auth/react";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { type ReactNode, useState } from "react";
import { operationUrl } from "@/lib/client/api-client";
import { useSwitchOrganization } from "@/lib/client/use-switch-organization";
import { oversightOperations } from "@/lib/http/operations/oversight";

/** `webhooks`: shown to whoever may list webhooks (the page itself refuses anyone else). */
const NAV: { href: string; label: string; webhooks?: boolean }[] = [
  { href: "/approvals", label: "Queue" },
  { href: "/intents", label: "History" },
  { href: "/reviews", label: "Reviews" },
  { href: "/metrics", label: "Metrics" },
  { href: "/leases", label: "Leases" },
  { href: "/policy", label: "Policy" },
  { href: "/agents", label: "Agents & tokens" },
  { href: "/audit", label: "Audit" },
  { href: "/members", label: "Members" },
  { href: "/webhooks", label: "Webhooks", webhooks: true },
  { href: "/settings", label: "Settings" },
];

interface Props {
  orgs: { id: string; name: string; role: string }[];
  currentOrgId: string;
  role: string;
  /** mayCall(listWebhooks), decided by the layout on the server. */
  mayListWebhooks: boolean;
  /** ALLOW_SIGNUP: the switcher offers "Create an organization". */
  mayCreateOrg: boolean;
  children: ReactNode;
}

export function DashboardShell(props: Props) {
  return (
    <SessionProvider>
      <Shell {...props} />
    </SessionProvider>
  );
}

function Shell({ orgs, currentOrgId, role, mayListWebhooks, mayCreateOrg, children }: Props) {
  const pathname = usePathname();
  const [menuOpen, setMenuOpen] = useState(false);
  const nav = NAV.filter((item) => !item.webhooks || mayListWebhooks);
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center gap-4 px-4 py-2.5">
          <Link href="/approvals" className="font-semibold tracking-tight">
            Tollgate
          </Link>
          <nav className="hidden gap-0.5 lg:flex" aria-label="Main">
            {nav.map((item) => (
              <NavLink key={item.href} href={item.href} label={item.label} active={pathname.startsWith(item.href)} />
            ))}
          </nav>
          <div className="ml-auto flex items-center gap-2">
            <OrgSwitcher orgs={orgs} currentOrgId={currentOrgId} mayCreate={mayCreateOrg} />
            <span className="hidden rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600 sm:inline" data-testid="role">
              {role}
            </span>
            <button type="button" onClick={() => signOut({ callbackUrl: "/login" })} className="whitespace-nowrap text-sm text-slate-600 hover:text-slate-900">
              Sign out
            </button>
            <button type="button" className="rounded p-1 lg:hidden" aria-label="Menu" onClick={() => setMenuOpen((v) => !v)}>
              ☰
            </button>
          </div>
        </div>
        {menuOpen ? (
          <nav className="flex flex-col gap-1 border-t border-slate-100 px-4 py-2 lg:hidden" aria-label="Main (mobile)">
            {nav.map((item) => (
              <NavLink key={item.href} href={item.href} label={item.label} active={pathname.startsWith(item.href)} />
            ))}
          </nav>
        ) : null}
      </header>
      <main className="mx-auto max-w-6xl px-4 py-6">{children}</main>
      <footer className="mx-auto flex max-w-6xl gap-3 border-t border-slate-200 px-4 py-4 text-xs text-slate-500">
        <Link href="/docs/api" className="hover:text-slate-800 hover:underline" data-testid="api-reference-link">
          API reference
        </Link>
        <a href={operationUrl(oversightOperations.getOpenApi)} className="hover:text-slate-800 hover:underline">
          OpenAPI 3.1 (JSON)
        </a>
      </footer>
    </div>
  );
}

function NavLink({ href, label, active }: { href: string; label: string; active: boolean }) {
  return (
    <Link href={href} className={`whitespace-nowrap rounded-md px-2 py-1.5 text-sm ${active ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-100"}`}>
      {label}
    </Link>
  );
}

/** The option that opens the create page instead of switching (no org id looks like it). */
const CREATE_ORG = "new";

function OrgSwitcher({ orgs, currentOrgId, mayCreate }: { orgs: Props["orgs"]; currentOrgId: string; mayCreate: boolean }) {
  const { ready, switchTo } = useSwitchOrganization();
  const router = useRouter();
  if (orgs.length < 2) {
    return (
      <span className="flex items-center gap-1.5 text-sm text-slate-600">
        <span className="max-w-40 truncate">{orgs[0]?.name}</span>
        {mayCreate ? (
          <Link href="/organizations/new" className="rounded px-1 text-slate-500 hover:bg-slate-100 hover:text-slate-900" aria-label="Create an organization" title="Create an organization">
            +
          </Link>
        ) : null}
      </span>
    );
  }
  return (
    <select
      aria-label="Organization"
      className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
      value={currentOrgId}
      disabled={!ready}
      onChange={async (e) => {
        if (e.target.value === CREATE_ORG) return router.push("/organizations/new");
        await switchTo(e.target.value);
        router.refresh();
      }}
    >
      {orgs.map((o) => (
        <option key={o.id} value={o.id}>
          {o.name}
        </option>
      ))}
      {mayCreate ? <option value={CREATE_ORG}>Create an organization…</option> : null}
    </select>
  );
}
