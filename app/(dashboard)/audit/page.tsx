import type { AuditFailure } from "@/lib/schemas/responses/audit";
import Link from "next/link";
import { GET as verifyAuditChain } from "@/app/api/v1/audit/verify/route";
import { Suspense } from "react";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditList } from "@/components/audit/audit-list";
import { Pager } from "@/components/ui/pager";
import { EmptyState, ErrorNote, PageHeader, Refused } from "@/components/ui/states";
import { requireUser } from "@/lib/auth/current-user";
import { auditFacets } from "@/lib/domain/audit/audit-facets";
import { listAuditEvents } from "@/lib/domain/audit/list-audit-events";
import { AppError } from "@/lib/errors";
import { nameActors } from "@/lib/domain/orgs/name-actors";
import { operations } from "@/lib/http/operations";
import { readOperation } from "@/lib/http/read-operation";
import { type SearchParams, oneParam, queryString } from "@/lib/search-params";
import { contextOf } from "@/lib/domain/request-context";

export const dynamic = "force-dynamic";

const PAGE_SIZE = 50;

/** The audit chain (viewer+): its verification, the events newest first, filters and exports. */
export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  const params = await searchParams;
  const filters = { type: oneParam(params.type, 100), actor: oneParam(params.actor, 200), subject: oneParam(params.subject, 200) };
  const cursor = oneParam(params.cursor);
  // Newest first, event types to filter by, actors' names: no GET operation offers them (GET /audit reads oldest first).
  const [facets, page] = await Promise.all([
    auditFacets(contextOf(user)),
    listAuditEvents(contextOf(user), filters, { limit: PAGE_SIZE, cursor, order: "desc" }).catch((error) => {
      if (error instanceof AppError && error.code === "validation_failed") return null;
      throw error;
    }),
  ]);
  const names = await nameActors(contextOf(user), {
    users: page?.items.filter((e) => e.actor.type === "user").map((e) => e.actor.id) ?? [],
    agents: page?.items.filter((e) => e.actor.type === "agent").map((e) => e.actor.id) ?? [],
  });
  const filtered = Boolean(filters.type || filters.actor || filters.subject);

  return (
    <div className="space-y-4">
      <PageHeader title="Audit log" />
      {/* Verifying reads the whole chain: stream it in, so the events show without waiting for it. */}
      <Suspense fallback={<div className="h-10 animate-pulse rounded-md bg-slate-200/70" data-testid="chain-status-pending" />}>
        <ChainStatus />
      </Suspense>
      <AuditFilters types={facets.types} current={filters} />
      {!page ? (
        <ErrorNote>
          This page link is no longer valid.{" "}
          <Link href={`/audit${queryString(filters)}`} className="font-medium underline">
            Start from the newest
          </Link>
          .
        </ErrorNote>
      ) : page.items.length === 0 ? (
        <EmptyState title={filtered ? "No events match these filters" : cursor ? "No older events" : "No events yet"}>
          {filtered ? "Try other filters or clear them." : "Changes to members, agents, the policy and every decision are recorded here."}
        </EmptyState>
      ) : (
        <>
          <AuditList events={page.items} names={names} />
          <Pager path="/audit" filters={filters} cursor={cursor} nextCursor={page.next_cursor} testId="audit" />
        </>
      )}
    </div>
  );
}

const REASONS: Record<AuditFailure, string> = {
  seq_gap: "an event is missing or out of order",
  prev_hash_mismatch: "an event does not link to the one before",
  hash_mismatch: "an event's contents do not match its hash",
  checkpoint_mismatch: "the chain disagrees with a signed checkpoint: it was rewritten",
  checkpoint_signature_invalid: "a checkpoint's signature does not hold",
  events_missing_after_checkpoint: "events a signed checkpoint covers are gone",
  head_missing: "the chain's head record is missing",
  head_mismatch: "the chain does not end where its head record says",
};

/** The chain's verification: green with the event count, or a red banner naming the first bad seq and why. */
async function ChainStatus() {
  const read = await readOperation(operations.verifyAuditChain, verifyAuditChain);
  if (!read.ok) return <Refused read={read} />;
  const chain = read.data;
  if (chain.ok) {
    return (
      <div className="flex items-center gap-2 rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900" data-testid="chain-status" data-ok="true">
        <span aria-hidden="true">✓</span>
        <span>
          Hash chain verified: {chain.events} event{chain.events === 1 ? "" : "s"}, each linked to the one before, none missing or altered
          {chain.checkpoints > 0 ? `, and agreeing with ${chain.checkpoints} signed checkpoint${chain.checkpoints === 1 ? "" : "s"}` : ""}.
        </span>
      </div>
    );
  }
  return (
    <div role="alert" className="rounded-md border border-rose-300 bg-rose-600 px-3 py-2 text-sm text-white" data-testid="chain-status" data-ok="false" data-first-bad-seq={chain.first_bad_seq}>
      <p className="font-semibold">The audit chain does not verify.</p>
      <p>
        Event #{chain.first_bad_seq} is missing, out of order or altered ({chain.events} events before it verify; {REASONS[chain.reason]}). Treat the
        log from there on as untrustworthy and investigate.
      </p>
    </div>
  );
}
