import { RequestReset } from "@/components/auth/password-reset";

/** Asks for a password reset link (POST /api/v1/auth/password-reset). */
export default function ForgotPasswordPage() {
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="text-lg font-semibold">Reset your password</h1>
        <p className="mt-1 text-sm text-slate-500">We mail a link to choose a new one.</p>
        <RequestReset />
      </div>
    </main>
  );
}
