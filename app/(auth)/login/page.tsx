import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/current-user";
import { LoginForm } from "@/components/layout/login-form";

export const dynamic = "force-dynamic";

export default async function LoginPage() {
  if (await currentUser()) redirect("/approvals");
  const sso = [
    ...(process.env.GITHUB_ID ? [{ id: "github", name: "GitHub" }] : []),
    ...(process.env.OIDC_ISSUER ? [{ id: "oidc", name: process.env.OIDC_NAME ?? "Single sign-on" }] : []),
  ];
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="text-lg font-semibold">Sign in to Tollgate</h1>
        <p className="mt-1 text-sm text-slate-500">Review what your agents want to do.</p>
        <LoginForm sso={sso} />
      </div>
    </main>
  );
}
