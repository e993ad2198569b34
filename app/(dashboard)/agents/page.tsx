import Link from "next/link";
import { AgentsPanel } from "@/components/agents/agents-panel";
import { TokensPanel } from "@/components/agents/tokens-panel";
import { ErrorNote, PageHeader } from "@/components/ui/states";
import { can, requireUser } from "@/lib/auth/current-user";
import { listAgents } from "@/lib/domain/agents/manage-agent";
import { listPersonalTokens } from "@/lib/domain/auth/list-personal-tokens";
import { listMembers } from "@/lib/domain/members/list-members";
import { AppError } from "@/lib/errors";
import { type SearchParams, oneParam, queryString } from "@/lib/search-params";

export const dynamic = "force-dynamic";

const invalidCursorAsNull = (error: unknown) => {
  if (error instanceof AppError && error.code === "validation_failed") return null;
  throw error;
};

/** Agents (viewer+ read, admin manage) and the signed-in member's own personal access tokens. */
export default async function AgentsPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  const params = await searchParams;
  const agentsCursor = oneParam(params.agents);
  const tokensCursor = oneParam(params.tokens);
  const [agents, tokens, members] = await Promise.all([
    listAgents(user.orgId, { limit: 100, cursor: agentsCursor }).catch(invalidCursorAsNull),
    listPersonalTokens(user, { limit: 50, cursor: tokensCursor }).catch(invalidCursorAsNull),
    // Owners to name in the list and to pick from when creating an agent.
    listMembers(user.orgId, { limit: 200 }),
  ]);
  const people = members.items.map((m) => ({ user_id: m.user_id, email: m.email }));
  const canManage = can(user, "admin");

  return (
    <div className="space-y-8">
      <section data-testid="agents-section">
        <PageHeader title="Agents">
          {!canManage ? (
            <p className="text-sm text-slate-500" data-testid="agents-readonly-note">
              Only admins can create, rotate or delete agents.
            </p>
          ) : null}
        </PageHeader>
        {agents ? <AgentsPanel agents={agents.items} members={people} me={user.userId} canManage={canManage} /> : <ErrorNote>This page link is no longer valid.</ErrorNote>}
        <Pager next={agents?.next_cursor} param="agents" current={agentsCursor} other={{ tokens: tokensCursor }} label="More agents" />
      </section>

      <section data-testid="tokens-section">
        <div className="mb-5">
          <h2 className="text-xl font-semibold text-slate-900">Personal access tokens</h2>
          <p className="mt-1 text-sm text-slate-600">
            Tokens act as you, with your <span className="font-medium">{user.role}</span> role in this organization. Only you see your tokens.
          </p>
        </div>
        {tokens ? <TokensPanel tokens={tokens.items} /> : <ErrorNote>This page link is no longer valid.</ErrorNote>}
        <Pager next={tokens?.next_cursor} param="tokens" current={tokensCursor} other={{ agents: agentsCursor }} label="Older tokens" />
      </section>
    </div>
  );
}

function Pager({ next, param, current, other, label }: { next?: string | null; param: string; current?: string; other: Record<string, string | undefined>; label: string }) {
  if (!next && !current) return null;
  return (
    <nav className="mt-3 flex items-center justify-between text-sm" aria-label={label}>
      {current ? (
        <Link href={`/agents${queryString(other)}`} className="text-slate-600 hover:underline">
          ← First page
        </Link>
      ) : (
        <span />
      )}
      {next ? (
        <Link href={`/agents${queryString({ ...other, [param]: next })}`} className="text-sky-700 hover:underline" data-testid={`${param}-more`}>
          {label} →
        </Link>
      ) : null}
    </nav>
  );
}
