import type { ReactNode } from "react";
import { requireUser } from "@/lib/auth/current-user";
import { listMyOrgs } from "@/lib/domain/members/list-my-orgs";
import { DashboardShell } from "@/components/layout/dashboard-shell";

export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const orgs = await listMyOrgs(user.userId);
  return (
    <DashboardShell orgs={orgs} currentOrgId={user.orgId} role={user.role}>
      {children}
    </DashboardShell>
  );
}
