import Link from "next/link";
import { MembersPanel } from "@/components/members/members-panel";
import { PageHeader } from "@/components/ui/states";
import { can, requireUser } from "@/lib/auth/current-user";
import { listInvitations } from "@/lib/domain/members/list-invitations";
import { listMembers } from "@/lib/domain/members/list-members";
import { type SearchParams, oneParam } from "@/lib/search-params";

export const dynamic = "force-dynamic";

const PAGE_SIZE = 100;

/** Members of the org (viewer+ read; admins invite, revoke invitations, change roles and remove). */
export default async function MembersPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  const cursor = oneParam((await searchParams).cursor);
  const canManage = can(user, "admin");
  const [members, invitations] = await Promise.all([
    listMembers(user.orgId, { limit: PAGE_SIZE, cursor }),
    canManage ? listInvitations(user.orgId, { limit: PAGE_SIZE }).then((page) => page.items) : [],
  ]);
  return (
    <div>
      <PageHeader title="Members">
        {!canManage ? (
          <p className="text-sm text-slate-500" data-testid="members-readonly-note">
            Only admins can invite members or change roles.
          </p>
        ) : null}
      </PageHeader>
      <MembersPanel members={members.items} invitations={invitations} canManage={canManage} me={user.userId} />
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
