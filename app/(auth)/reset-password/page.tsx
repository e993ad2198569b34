import { ChooseNewPassword } from "@/components/auth/password-reset";

/** Where a reset mail's link lands (/reset-password#tg_pwr_…; POST /api/v1/auth/password-reset/confirm). */
export default function ResetPasswordPage() {
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="text-lg font-semibold">Choose a new password</h1>
        <ChooseNewPassword />
      </div>
    </main>
  );
}
