import { redirect } from "next/navigation";
import { CreateOrganization } from "@/components/auth/create-organization";
import { currentUser, signedInPerson } from "@/lib/auth/current-user";
import { setting } from "@/lib/config.mjs";

export const dynamic = "force-dynamic";

/**
 * Creating an organization (POST /api/v1/orgs): where a signed-in person without one lands
 * (requireUser), and reachable from the org switcher. Outside the dashboard layout, which needs a
 * membership.
 */
export default async function NewOrganizationPage() {
  const person = await signedInPerson();
  if (!person) redirect("/login?next=/organizations/new");
  const member = await currentUser();
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="text-lg font-semibold">Create an organization</h1>
        {setting("ALLOW_SIGNUP") ? (
          <CreateOrganization signedInAs={person.email} />
        ) : (
          <p className="mt-3 text-sm text-slate-700" data-testid="create-org-disabled">
            Creating organizations is turned off on this installation. Ask an admin of an organization for an invitation, or{" "}
            <a className="text-sky-800 underline" href="/api/auth/signout">
              sign out
            </a>
            .
          </p>
        )}
        <p className="mt-4 text-sm text-slate-500">
          {member ? (
            <a className="text-sky-800 underline" href="/approvals">
              Back to the dashboard
            </a>
          ) : (
            "Already in an organization? Sign out and sign in again to open it, or follow your invitation link."
          )}
        </p>
      </div>
    </main>
  );
}
