import Link from "next/link";
import { GET as readNotification } from "@/app/api/v1/notifications/[id]/route";
import { GET as listNotifications } from "@/app/api/v1/notifications/route";
import { Panel } from "@/components/ui/form";
import { EmptyState, PageHeader, Refused } from "@/components/ui/states";
import { requireUser } from "@/lib/auth/current-user";
import { utc } from "@/lib/format";
import { operations } from "@/lib/http/operations";
import { readOperation } from "@/lib/http/read-operation";

export const dynamic = "force-dynamic";

const STATUS_CLASS: Record<string, string> = {
  sent: "bg-emerald-50 text-emerald-800",
  held: "bg-amber-50 text-amber-900",
  queued: "bg-slate-100 text-slate-800",
  failed: "bg-rose-50 text-rose-800",
};

/**
 * The org's mailbox and delivery log (admins): every email and Slack message about its items and
 * leases, with its status. Without SMTP_URL emails are held here (the dev mailbox). Mails about a
 * person's account (password reset, verification, invitations) are never shown: they carry
 * single-use links, and are the person's alone (`npm run cli -- mail show <id>` for the operator).
 */
export default async function MailboxPage({ searchParams }: { searchParams: Promise<{ id?: string; cursor?: string; channel?: "email" | "slack" }> }) {
  await requireUser();
  const { id, cursor, channel } = await searchParams;
  const [list, open] = await Promise.all([
    readOperation(operations.listNotifications, listNotifications, { query: { limit: 50, cursor, channel } }),
    id ? readOperation(operations.getNotification, readNotification, { params: { id } }) : null,
  ]);
  if (!list.ok) return <Refused read={list} forbidden="The mailbox is for admins." />;
  return (
    <div className="space-y-4">
      <PageHeader title="Mailbox and delivery log">
        <nav aria-label="Channel" className="flex gap-3 text-sm">
          <Link href="/settings/mailbox" className="text-sky-800 underline">All</Link>
          <Link href="/settings/mailbox?channel=email" className="text-sky-800 underline">Email</Link>
          <Link href="/settings/mailbox?channel=slack" className="text-sky-800 underline">Slack</Link>
        </nav>
      </PageHeader>
      {open?.ok ? (
        <Panel title={open.data.subject} testId="mail-open">
          <div className="space-y-2 p-4 text-sm">
            <p className="text-slate-700">To {open.data.to} · {open.data.status} · {utc(open.data.created_at)}</p>
            {open.data.text ? <pre className="whitespace-pre-wrap rounded bg-slate-50 p-3 text-slate-900">{open.data.text}</pre> : <p>A Slack card, built from the item when it was sent.</p>}
          </div>
        </Panel>
      ) : null}
      {list.data.items.length === 0 ? (
        <EmptyState title="Nothing sent yet">Approval requests, reminders, outcomes and lease notices appear here as they go out.</EmptyState>
      ) : (
        <Panel>
          <table className="w-full text-sm">
            <caption className="sr-only">Notifications, newest first</caption>
            <thead>
              <tr className="text-left text-xs text-slate-600">
                <th scope="col" className="px-4 py-2 font-medium">When</th>
                <th scope="col" className="px-4 py-2 font-medium">To</th>
                <th scope="col" className="px-4 py-2 font-medium">Subject</th>
                <th scope="col" className="px-4 py-2 font-medium">Status</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((n) => (
                <tr key={n.id} className="border-t border-slate-100">
                  <td className="px-4 py-2 whitespace-nowrap text-slate-700">{utc(n.created_at)}</td>
                  <td className="px-4 py-2 text-slate-800">{n.channel === "slack" ? `Slack ${n.to}` : n.to}</td>
                  <td className="px-4 py-2">
                    <Link href={`/settings/mailbox?id=${n.id}`} className="text-sky-800 underline">{n.subject}</Link>
                    {n.last_error ? <span className="block text-xs text-rose-800">{n.last_error}</span> : null}
                  </td>
                  <td className="px-4 py-2"><span className={`rounded px-1.5 py-0.5 text-xs ${STATUS_CLASS[n.status]}`}>{n.status}</span></td>
                </tr>
              ))}
            </tbody>
          </table>
          {list.data.next_cursor ? (
            <div className="border-t border-slate-100 px-4 py-2 text-sm">
              <Link href={`/settings/mailbox?cursor=${encodeURIComponent(list.data.next_cursor)}${channel ? `&channel=${channel}` : ""}`} className="text-sky-800 underline">Older</Link>
            </div>
          ) : null}
        </Panel>
      )}
    </div>
  );
}
