import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/current-user";
import { LoginForm } from "@/components/layout/login-form";
import { ErrorNote } from "@/components/ui/states";
import { setting } from "@/lib/config.mjs";

export const dynamic = "force-dynamic";

/** Why an OAuth/OIDC sign-in was refused (lib/domain/auth/link-oauth-identity.ts), as the sign-in callback redirects here. */
const OAUTH_REFUSALS: Record<string, string> = {
  email_unverified: "Your provider did not confirm that email address as verified, so it cannot be linked to a Tollgate account.",
  no_account: "No Tollgate member has that email. Ask an admin for an invitation, then sign in with it.",
  provider_already_linked: "Your Tollgate account is already linked to another account at this provider. Ask an admin to remove that link.",
  missing_subject: "The provider did not say which account signed in.",
  AccessDenied: "Sign-in was refused.",
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (await currentUser()) redirect("/approvals");
  const { error, next } = await searchParams;
  // Where a dashboard read that found no session came from (lib/http/read-operation.ts): a local path only.
  const back = typeof next === "string" && /^\/(?![/\\])/.test(next) ? next : undefined;
  const refusal = typeof error === "string" ? (OAUTH_REFUSALS[error] ?? "Sign-in did not complete.") : null;
  const sso = [
    ...(setting("GITHUB_ID") ? [{ id: "github", name: "GitHub" }] : []),
    ...(setting("OIDC_ISSUER") ? [{ id: "oidc", name: setting("OIDC_NAME") }] : []),
  ];
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="text-lg font-semibold">Sign in to Tollgate</h1>
        <p className="mt-1 text-sm text-slate-500">Review what your agents want to do.</p>
        {refusal ? (
          <div className="mt-3" data-testid="sign-in-refused">
            <ErrorNote>{refusal}</ErrorNote>
          </div>
        ) : null}
        <LoginForm sso={sso} next={back} />
        <p className="mt-4 flex flex-wrap gap-x-4 gap-y-1 text-sm">
          <a className="text-sky-800 underline" href="/forgot-password">
            Forgot your password?
          </a>
          {setting("ALLOW_SIGNUP") ? (
            <a className="text-sky-800 underline" href="/signup" data-testid="signup-link">
              Create an account
            </a>
          ) : null}
        </p>
      </div>
    </main>
  );
}
