import Link from "next/link";
import { GET as getPolicy } from "@/app/api/v1/policy/route";
import { GET as listPolicyVersions } from "@/app/api/v1/policy/versions/route";
import { PolicyEditor } from "@/components/policy/policy-editor";
import type { PolicyFormat } from "@/components/policy/types";
import { VersionHistory } from "@/components/policy/version-history";
import { DiffView } from "@/components/ui/diff-view";
import { Panel } from "@/components/ui/form";
import { EmptyState, ErrorNote, PageHeader, Refused } from "@/components/ui/states";
import { requireUser } from "@/lib/auth/current-user";
import { lineDiff } from "@/lib/diff/line-diff";
import { nameActors } from "@/lib/domain/orgs/name-actors";
import { getPolicyVersion } from "@/lib/domain/policies/get-policy-version";
import { AppError } from "@/lib/errors";
import { mayCall } from "@/lib/http/may-call";
import { operations } from "@/lib/http/operations";
import { readOperation } from "@/lib/http/read-operation";
import { shortHash, utc } from "@/lib/format";
import { type SearchParams, oneParam } from "@/lib/search-params";
import { contextOf } from "@/lib/domain/request-context";

export const dynamic = "force-dynamic";

const STARTER = `version: 1
default: require_approval   # when no rule matches: allow | deny | require_approval
rules:
  - id: small-refunds
    priority: 50
    match:
      action: payment.refund
    when:
      all:
        - { field: amount, op: lt, value: 100 }
    decision: allow
    reason: Small refunds auto-approve
`;

const VERSION_PAGE = 50;

/** Absent or not found → null; anything else is a real failure and goes to the error boundary. */
async function orNull<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof AppError && (error.code === "not_found" || error.code === "validation_failed")) return null;
    throw error;
  }
}

const versionParam = (value: string | string[] | undefined) => {
  const text = oneParam(value);
  return text && /^\d{1,9}$/.test(text) ? Number(text) : undefined;
};

/** The policy (viewer+ read, validate and simulate; admin saves): editor, simulation, history and diffs. */
export default async function PolicyPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  const params = await searchParams;
  const from = versionParam(params.from);
  const to = versionParam(params.to);
  const load = versionParam(params.load);
  const versionsCursor = oneParam(params.versions);

  // One version's source and its authors' names: no GET operation offers them.
  const [policy, versionPage, loaded, diffFrom, diffTo] = await Promise.all([
    readOperation(operations.getPolicy, getPolicy, { page: "/policy", absentIsState: true }),
    readOperation(operations.listPolicyVersions, listPolicyVersions, { query: { limit: VERSION_PAGE, cursor: versionsCursor } }),
    load !== undefined ? orNull(getPolicyVersion(contextOf(user), load)) : null,
    from !== undefined ? orNull(getPolicyVersion(contextOf(user), from)) : null,
    to !== undefined ? orNull(getPolicyVersion(contextOf(user), to)) : null,
  ]);
  if (!policy.ok && policy.status === 403) return <Refused read={policy} />;
  const current = policy.ok ? policy.data : null;
  const versions = versionPage.ok ? versionPage.data : null;
  const authors = await nameActors(contextOf(user), { users: versions?.items.map((v) => v.created_by) ?? [] });
  const currentForEditor = current
    ? { version: current.version, snapshot: current.snapshot, source: current.source, format: current.format as PolicyFormat }
    : null;
  const opened = loaded ?? currentForEditor;
  const wantsDiff = from !== undefined || to !== undefined || params.from !== undefined || params.to !== undefined;

  return (
    <div className="space-y-6">
      <PageHeader title="Policy">
        {current ? (
          <p className="text-sm text-slate-600" data-testid="policy-current">
            Active: <span className="font-medium text-slate-900">v{current.version}</span> ·{" "}
            <code title={current.snapshot}>{shortHash(current.snapshot)}</code> · {current.rules} rule{current.rules === 1 ? "" : "s"} ·{" "}
            {utc(current.created_at)}
          </p>
        ) : null}
      </PageHeader>

      <Panel title="Editor" testId="policy-editor-panel">
        <div className="p-4" id="editor">
          {!current ? (
            <p className="mb-3 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="no-policy">
              No policy has been saved yet, so every intent currently requires approval. The editor starts from an example.
            </p>
          ) : null}
          {load !== undefined && !loaded ? <div className="mb-3"><ErrorNote>Version {load} does not exist; showing the active policy.</ErrorNote></div> : null}
          <PolicyEditor
            key={load !== undefined && loaded ? `load-${load}` : "active"}
            initialText={opened?.source ?? STARTER}
            initialFormat={(opened?.format as PolicyFormat | undefined) ?? "yaml"}
            current={currentForEditor}
            canSave={mayCall(operations.putPolicy, user)}
            loadedVersion={loaded?.version}
          />
        </div>
      </Panel>

      <div className="grid gap-6 lg:grid-cols-[minmax(0,22rem)_minmax(0,1fr)]">
        <Panel title="Version history" testId="policy-versions">
          {!versions ? (
            <div className="p-4">
              <ErrorNote>
                This page of versions is no longer valid. <Link href="/policy" className="font-medium underline">Show the newest</Link>.
              </ErrorNote>
            </div>
          ) : versions.items.length === 0 ? (
            <div className="p-4">
              <EmptyState title="No versions yet">Each save creates a version you can compare and restore.</EmptyState>
            </div>
          ) : (
            <>
              <VersionHistory
                versions={versions.items.map((v) => ({ ...v, author: v.created_by ? (authors.get(v.created_by) ?? v.created_by) : null }))}
                currentVersion={current?.version ?? null}
                compared={from !== undefined && to !== undefined ? [from, to] : null}
              />
              {versions.next_cursor ? (
                <div className="border-t border-slate-100 px-4 py-2 text-right text-sm">
                  <Link href={`/policy?versions=${versions.next_cursor}`} className="text-sky-700 hover:underline" data-testid="versions-older">
                    Older versions →
                  </Link>
                </div>
              ) : null}
            </>
          )}
        </Panel>

        <Panel title={diffFrom && diffTo ? `Changes v${diffFrom.version} → v${diffTo.version}` : "Compare versions"} testId="policy-diff-panel">
          <div className="p-4" id="diff">
            {diffFrom && diffTo ? (
              <PolicyDiff from={diffFrom} to={diffTo} />
            ) : wantsDiff ? (
              <ErrorNote>
                {from === undefined || to === undefined ? "Pick two versions to compare." : `Version ${!diffFrom ? from : to} does not exist.`}
              </ErrorNote>
            ) : (
              <p className="text-sm text-slate-500">
                Tick two versions in the history (or use “diff” on a version) to see what changed between their sources, line by line.
              </p>
            )}
          </div>
        </Panel>
      </div>
    </div>
  );
}

type Version = NonNullable<Awaited<ReturnType<typeof getPolicyVersion>>>;

function PolicyDiff({ from, to }: { from: Version; to: Version }) {
  if (from.version === to.version) return <p className="text-sm text-slate-500">That is the same version twice: pick two different ones.</p>;
  const lines = lineDiff(from.source, to.source);
  const added = lines.filter((l) => l.kind === "add").length;
  const removed = lines.filter((l) => l.kind === "remove").length;
  return (
    <div className="space-y-2">
      <p className="text-xs text-slate-500" data-testid="diff-summary">
        <span className="text-emerald-700">+{added}</span> <span className="text-rose-700">−{removed}</span> lines ·{" "}
        <code title={from.snapshot}>{shortHash(from.snapshot)}</code> → <code title={to.snapshot}>{shortHash(to.snapshot)}</code>
        {from.format !== to.format ? ` · ${from.format.toUpperCase()} → ${to.format.toUpperCase()}` : ""}
      </p>
      {added + removed === 0 ? <p className="text-sm text-slate-600">The sources are identical.</p> : null}
      <DiffView lines={lines} testId="policy-diff" />
    </div>
  );
}
