import { PasskeysPanel } from "@/components/settings/passkeys-panel";
import { PageHeader } from "@/components/ui/states";
import { requireUser } from "@/lib/auth/current-user";
import { listPasskeys } from "@/lib/domain/passkeys/manage-passkeys";

export const dynamic = "force-dynamic";

export default async function SettingsPage() {
  const user = await requireUser();
  const { items } = await listPasskeys(user);
  return (
    <div className="space-y-4">
      <PageHeader title="Settings" />
      <PasskeysPanel passkeys={items} />
    </div>
  );
}
