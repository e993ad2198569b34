import { PasskeysPanel } from "@/components/settings/passkeys-panel";
import { PageHeader } from "@/components/ui/states";
import { requireUser } from "@/lib/auth/current-user";
import { listPasskeys } from "@/lib/domain/passkeys/manage-passkeys";
import { enrollmentRequirement } from "@/lib/domain/passkeys/prove-enrollment";

export const dynamic = "force-dynamic";

export default async function SettingsPage() {
  const user = await requireUser();
  const [{ items }, requirement] = await Promise.all([listPasskeys(user), enrollmentRequirement(user.userId)]);
  return (
    <div className="space-y-4">
      <PageHeader title="Settings" />
      <PasskeysPanel passkeys={items} requirement={requirement} now={Date.now()} />
    </div>
  );
}
