import { VerifyEmail } from "@/components/auth/sign-up";

/** Where a verification mail's link lands (/verify-email#tg_vfy_…; POST /api/v1/auth/verify-email on a click). */
export default function VerifyEmailPage() {
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="text-lg font-semibold">Verify your email</h1>
        <VerifyEmail />
      </div>
    </main>
  );
}
