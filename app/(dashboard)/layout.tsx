import type { ReactNode } from "react";
import { requireUser } from "@/lib/auth/current-user";
import { listMyOrgs } from "@/lib/domain/members/list-my-orgs";
import { DashboardShell } from "@/components/layout/dashboard-shell";
import { mayCall } from "@/lib/http/may-call";
import { operations } from "@/lib/http/operations";
import { contextOf } from "@/lib/domain/request-context";
import { setting } from "@/lib/config.mjs";

export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const orgs = await listMyOrgs(contextOf(user));
  return (
    <DashboardShell
      orgs={orgs}
      currentOrgId={user.orgId}
      role={user.role}
      mayListWebhooks={mayCall(operations.listWebhooks, user)}
      mayCreateOrg={setting("ALLOW_SIGNUP")}
    >
      {children}
    </DashboardShell>
  );
}
