import { cookies } from "next/headers";
import { AcceptInvitation } from "@/components/members/accept-invitation";
import { sessionUser } from "@/lib/auth/signed-in-user";
import { setting } from "@/lib/config.mjs";

export const dynamic = "force-dynamic";

/**
 * Where an invitation link lands (/invite#tg_inv_…; the token stays in the fragment, which no
 * server sees). Someone new chooses a password; someone with an account signs in first and then
 * accepts as themself. Signed in counts even without a membership anywhere (a removed member).
 */
export default async function InvitePage() {
  const store = await cookies();
  const session = store.get("__Secure-next-auth.session-token")?.value ?? store.get("next-auth.session-token")?.value ?? null;
  const person = await sessionUser(session);
  const sso = [
    ...(setting("GITHUB_ID") ? [{ id: "github", name: "GitHub" }] : []),
    ...(setting("OIDC_ISSUER") ? [{ id: "oidc", name: setting("OIDC_NAME") }] : []),
  ];
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-10">
      <div className="w-full max-w-md rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="text-lg font-semibold">Join an organization on Tollgate</h1>
        <p className="mt-1 text-sm text-slate-500">You were invited to review what an organization's AI agents want to do.</p>
        <AcceptInvitation signedInAs={person?.email ?? null} sso={sso} />
      </div>
    </main>
  );
}
