import { GET as readPreferences } from "@/app/api/v1/me/notifications/route";
import { GET as listPasskeys } from "@/app/api/v1/passkeys/route";
import { GET as readSlack } from "@/app/api/v1/integrations/slack/route";
import Link from "next/link";
import { NotificationsPanel, SlackLinkConfirm } from "@/components/settings/notifications-panel";
import { PasskeysPanel } from "@/components/settings/passkeys-panel";
import { SlackPanel } from "@/components/settings/slack-panel";
import { PageHeader, Refused } from "@/components/ui/states";
import { requireUser } from "@/lib/auth/current-user";
import { enrollmentRequirement } from "@/lib/domain/passkeys/prove-enrollment";
import { operations } from "@/lib/http/operations";
import { mayCall } from "@/lib/http/may-call";
import { readOperation } from "@/lib/http/read-operation";
import { contextOf } from "@/lib/domain/request-context";

export const dynamic = "force-dynamic";

export default async function SettingsPage({ searchParams }: { searchParams: Promise<{ slack_link?: string }> }) {
  const user = await requireUser();
  const ctx = contextOf(user);
  const admin = mayCall(operations.getSlack, user);
  // What adding a passkey asks for: no GET operation offers it.
  const [read, requirement, prefs, slack, membership, { slack_link }] = await Promise.all([
    readOperation(operations.listPasskeys, listPasskeys, { page: "/settings" }),
    enrollmentRequirement(ctx),
    readOperation(operations.getNotificationPreferences, readPreferences),
    admin ? readOperation(operations.getSlack, readSlack) : null,
    ctx.db.membership.findUnique({ where: { orgId_userId: { orgId: ctx.orgId, userId: user.userId } }, select: { awayUntil: true } }),
    searchParams,
  ]);
  if (!read.ok) return <Refused read={read} />;
  if (!prefs.ok) return <Refused read={prefs} />;
  return (
    <div className="space-y-4">
      <PageHeader title="Settings">
        {admin ? <Link href="/settings/mailbox" className="text-sm text-sky-800 underline">Mailbox and delivery log</Link> : null}
      </PageHeader>
      {slack_link ? <SlackLinkConfirm token={slack_link} /> : null}
      <NotificationsPanel preferences={prefs.data} awayUntil={membership?.awayUntil?.toISOString() ?? null} />
      {slack?.ok ? <SlackPanel state={slack.data} /> : null}
      <PasskeysPanel passkeys={read.data.items} requirement={requirement} now={Date.now()} />
    </div>
  );
}
