import { GET as listDecisions } from "@/app/api/v1/intents/[id]/decisions/route";
import { QueueCard } from "@/components/approvals/queue-card";
import { ResolveForm } from "@/components/approvals/resolve-form";
import { StatusBadge } from "@/components/ui/badge";
import type { UserPrincipal } from "@/lib/auth/principal";
import { approvalsCountingNow } from "@/lib/domain/approvals/counting-approvals";
import { queueItem } from "@/lib/domain/approvals/list-approvals";
import { FAST_APPROVAL_WINDOW_MS } from "@/lib/domain/approvals/resolve-approval";
import { findIntentRow } from "@/lib/domain/intents/find-intent";
import { contextOf } from "@/lib/domain/request-context";
import { stableJson } from "@/lib/diff/line-diff";
import { mayCall } from "@/lib/http/may-call";
import { operations } from "@/lib/http/operations";
import { readOperation } from "@/lib/http/read-operation";
import { ZQueueItem } from "@/lib/schemas/responses/approvals";
import { PayloadDiff } from "./payload-diff";

/** One intent in full: the card, the resolve form when it is pending, payload, diff and decisions log. */
export async function IntentDetail({ user, intentId }: { user: UserPrincipal; intentId: string }) {
  // The log through GET /intents/{id}/decisions (its auth, its 404); the queue card of one intent has no GET operation.
  const log = await readOperation(operations.listIntentDecisions, listDecisions, { params: { id: intentId }, page: `/intents/${encodeURIComponent(intentId)}` });
  const decisions = log.ok ? log.data.items : [];
  const ctx = contextOf(user);
  const row = await findIntentRow(ctx, intentId);
  const item = ZQueueItem.parse(queueItem(row, (await approvalsCountingNow(ctx, [row])).get(row.id)));
  const pending = row.status === "pending_approval";
  const approvedBy = row.approvals.filter((a) => a.decision === "approve");
  const alreadyApproved = approvedBy.some((a) => a.userId === user.userId);
  const roleOk = mayCall(operations.approveIntent, user, row.approverRole);
  const blockedReason = !roleOk
    ? `Resolving this item needs the ${row.approverRole} role; you are ${user.role}.`
    : alreadyApproved
      ? "You approved this already; a second person must approve it."
      : undefined;

  return (
    <div className="space-y-5">
      <div className="flex items-center gap-2 text-sm text-slate-600">
        <StatusBadge status={row.status} />
        <code className="text-xs">{row.id}</code>
        <span>proposed {row.createdAt.toISOString().replace("T", " ").slice(0, 19)} UTC</span>
      </div>
      <QueueCard item={item} focused={false} me={user.userId} />
      {pending ? (
        <section className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 className="mb-2 text-sm font-semibold">Your decision</h2>
          {approvedBy.length > 0 ? (
            <p className="mb-2 text-sm text-slate-600" data-testid="approved-by">
              Approved so far by {approvedBy.map((a) => a.user?.email ?? a.userId).join(", ")} ({approvedBy.length} of {row.approvalsRequired})
            </p>
          ) : null}
          <ResolveForm intentId={row.id} fastWindowMs={FAST_APPROVAL_WINDOW_MS} stepUpRequired={row.stepUpRequired} canResolve={roleOk && !alreadyApproved} blockedReason={blockedReason} />
        </section>
      ) : null}
      <section>
        <h2 className="mb-2 text-sm font-semibold">Change</h2>
        <PayloadDiff payload={row.payload} />
        <h2 className="mb-2 mt-4 text-sm font-semibold">
          Payload <code className="text-xs font-normal text-slate-500">{row.payloadHash}</code>
        </h2>
        <pre className="max-h-96 overflow-auto rounded-md border border-slate-200 bg-white p-3 text-xs" data-testid="payload">
          {stableJson(row.payload)}
        </pre>
      </section>
      <section>
        <h2 className="mb-2 text-sm font-semibold">Decisions log</h2>
        <ol className="space-y-1 text-sm" data-testid="decisions-log">
          {decisions.map((d, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the log is append-only and ordered
            <li key={i} className="flex flex-wrap gap-2 rounded border border-slate-200 bg-white px-3 py-1.5">
              <span className="font-medium">{d.kind}</span>
              <span className="text-slate-500">{d.actor.type}{d.actor.id ? ` ${d.actor.id}` : ""}</span>
              {d.reason ? <span>— {d.reason}</span> : null}
              {d.note ? <span className="text-slate-500">({d.note})</span> : null}
              <span className="ml-auto text-xs text-slate-400">{d.at.replace("T", " ").slice(0, 19)}</span>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
