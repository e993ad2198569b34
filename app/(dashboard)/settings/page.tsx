import { GET as listPasskeys } from "@/app/api/v1/passkeys/route";
import { PasskeysPanel } from "@/components/settings/passkeys-panel";
import { PageHeader, Refused } from "@/components/ui/states";
import { requireUser } from "@/lib/auth/current-user";
import { enrollmentRequirement } from "@/lib/domain/passkeys/prove-enrollment";
import { operations } from "@/lib/http/operations";
import { readOperation } from "@/lib/http/read-operation";
import { contextOf } from "@/lib/domain/request-context";

export const dynamic = "force-dynamic";

export default async function SettingsPage() {
  const user = await requireUser();
  // What adding a passkey asks for: no GET operation offers it.
  const [read, requirement] = await Promise.all([readOperation(operations.listPasskeys, listPasskeys, { page: "/settings" }), enrollmentRequirement(contextOf(user))]);
  if (!read.ok) return <Refused read={read} />;
  return (
    <div className="space-y-4">
      <PageHeader title="Settings" />
      <PasskeysPanel passkeys={read.data.items} requirement={requirement} now={Date.now()} />
    </div>
  );
}
