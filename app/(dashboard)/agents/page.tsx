import Link from "next/link";
import { GET as listAgents } from "@/app/api/v1/agents/route";
import { GET as listMembers } from "@/app/api/v1/members/route";
import { GET as listTokens } from "@/app/api/v1/tokens/route";
import { AgentsPanel } from "@/components/agents/agents-panel";
import { TokensPanel } from "@/components/agents/tokens-panel";
import { PageHeader, Refused } from "@/components/ui/states";
import { requireUser } from "@/lib/auth/current-user";
import { mayCall } from "@/lib/http/may-call";
import { operations } from "@/lib/http/operations";
import { readOperation } from "@/lib/http/read-operation";
import { type SearchParams, oneParam, queryString } from "@/lib/search-params";

export const dynamic = "force-dynamic";

/** Agents (viewer+ read, admin manage) and the signed-in member's own personal access tokens. */
export default async function AgentsPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  const params = await searchParams;
  const agentsCursor = oneParam(params.agents);
  const tokensCursor = oneParam(params.tokens);
  const [agents, tokens, members] = await Promise.all([
    readOperation(operations.listAgents, listAgents, { query: { limit: 100, cursor: agentsCursor }, page: "/agents" }),
    readOperation(operations.listTokens, listTokens, { query: { limit: 50, cursor: tokensCursor } }),
    // Owners to name in the list and to pick from when creating an agent.
    readOperation(operations.listMembers, listMembers, { query: { limit: 200 } }),
  ]);
  const people = members.ok ? members.data.items.map((m) => ({ user_id: m.user_id, email: m.email })) : [];
  const canManage = mayCall(operations.createAgent, user);

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
        {agents.ok ? <AgentsPanel agents={agents.data.items} members={people} me={user.userId} canManage={canManage} /> : <Refused read={agents} />}
        <Pager next={agents.ok ? agents.data.next_cursor : null} param="agents" current={agentsCursor} other={{ tokens: tokensCursor }} label="More agents" />
      </section>

      <section data-testid="tokens-section">
        <div className="mb-5">
          <h2 className="text-xl font-semibold text-slate-900">Personal access tokens</h2>
          <p className="mt-1 text-sm text-slate-600">
            Tokens act as you, with your <span className="font-medium">{user.role}</span> role in this organization. Only you see your tokens.
          </p>
        </div>
        {tokens.ok ? <TokensPanel tokens={tokens.data.items} /> : <Refused read={tokens} />}
        <Pager next={tokens.ok ? tokens.data.next_cursor : null} param="tokens" current={tokensCursor} other={{ agents: agentsCursor }} label="Older tokens" />
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
