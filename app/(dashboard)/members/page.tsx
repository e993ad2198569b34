import Link from "next/link";
import { GET as listInvitations } from "@/app/api/v1/invitations/route";
import { GET as listMembers } from "@/app/api/v1/members/route";
import { MembersPanel } from "@/components/members/members-panel";
import { PageHeader, Refused } from "@/components/ui/states";
import { requireUser } from "@/lib/auth/current-user";
import { mayCall } from "@/lib/http/may-call";
import { operations } from "@/lib/http/operations";
import { readOperation } from "@/lib/http/read-operation";
import { type SearchParams, oneParam } from "@/lib/search-params";

export const dynamic = "force-dynamic";

const PAGE_SIZE = 100;

/** Members of the org (viewer+ read; admins invite, revoke invitations, change roles and remove). */
export default async function MembersPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  const cursor = oneParam((await searchParams).cursor);
  const canManage = mayCall(operations.inviteMember, user);
  const [read, invitations] = await Promise.all([
    readOperation(operations.listMembers, listMembers, { query: { limit: PAGE_SIZE, cursor }, page: "/members" }),
    mayCall(operations.listInvitations, user) ? readOperation(operations.listInvitations, listInvitations, { query: { limit: PAGE_SIZE } }) : null,
  ]);
  if (!read.ok) return <Refused read={read} />;
  const members = read.data;
  return (
    <div>
      <PageHeader title="Members">
        {!canManage ? (
          <p className="text-sm text-slate-500" data-testid="members-readonly-note">
            Only admins can invite members or change roles.
          </p>
        ) : null}
      </PageHeader>
      <MembersPanel members={members.items} invitations={invitations?.ok ? invitations.data.items : []} canManage={canManage} me={user.userId} />
      {cursor || members.next_cursor ? (
        <nav className="mt-3 flex items-center justify-between text-sm" aria-label="Pages">
          {cursor ? (
            <Link href="/members" className="text-slate-600 hover:underline">
              ← First page
            </Link>
          ) : (
            <span />
          )}
          {members.next_cursor ? (
            <Link href={`/members?cursor=${encodeURIComponent(members.next_cursor)}`} className="text-sky-700 hover:underline" data-testid="members-more">
              More members →
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
