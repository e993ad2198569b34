import { SignUpForm } from "@/components/auth/sign-up";
import { setting } from "@/lib/config.mjs";

export const dynamic = "force-dynamic";

/** Self-serve sign-up (POST /api/v1/auth/signup), when ALLOW_SIGNUP is on. */
export default function SignUpPage() {
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="text-lg font-semibold">Create a Tollgate account</h1>
        {setting("ALLOW_SIGNUP") ? (
          <>
            <p className="mt-1 text-sm text-slate-500">We mail you a link to verify your address; then you create your organization.</p>
            <SignUpForm />
          </>
        ) : (
          <p className="mt-3 text-sm text-slate-700" data-testid="signup-disabled">
            Sign-up is turned off on this installation. Ask an admin of an organization for an invitation, or{" "}
            <a className="text-sky-800 underline" href="/login">
              sign in
            </a>
            .
          </p>
        )}
      </div>
    </main>
  );
}
