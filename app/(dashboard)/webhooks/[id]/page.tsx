import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { Pager } from "@/components/ui/pager";
import { EmptyState, ErrorNote, PageHeader } from "@/components/ui/states";
import { DeliveryLog } from "@/components/webhooks/delivery-log";
import { WebhookActions } from "@/components/webhooks/webhook-actions";
import { can, requireUser } from "@/lib/auth/current-user";
import { getWebhook } from "@/lib/domain/webhooks/get-webhook";
import { listDeliveries } from "@/lib/domain/webhooks/list-deliveries";
import { AppError } from "@/lib/errors";
import { DELIVERY_STATUSES } from "@/lib/schemas/webhooks";
import { type SearchParams, oneParam, queryString } from "@/lib/search-params";
import { utc } from "@/lib/format";

export const dynamic = "force-dynamic";

const PAGE_SIZE = 50;

const isCode = (error: unknown, code: string) => error instanceof AppError && error.code === code;

/** One webhook (admins): its settings and controls, and its delivery log with every attempt. */
export default async function WebhookPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: SearchParams }) {
  const user = await requireUser();
  if (!can(user, "admin")) return <EmptyState title="Only admins manage webhooks">Ask an admin of this organization.</EmptyState>;
  const { id } = await params;
  const query = await searchParams;
  const cursor = oneParam(query.cursor);
  const status = DELIVERY_STATUSES.find((s) => s === oneParam(query.status));
  const webhook = await getWebhook(user.orgId, id).catch((error) => {
    if (isCode(error, "not_found")) notFound();
    throw error;
  });
  // A hand-edited cursor is refused by the domain as bad input: say so instead of failing the page.
  const log = await listDeliveries(user.orgId, id, { limit: PAGE_SIZE, cursor, status }).catch((error) => {
    if (isCode(error, "validation_failed")) return null;
    throw error;
  });

  return (
    <div className="space-y-5">
      <Link href="/webhooks" className="text-sm text-slate-600 hover:underline">
        ← Webhooks
      </Link>
      <div className="space-y-1">
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="break-all text-xl font-semibold text-slate-900" data-testid="webhook-url-heading">
            {webhook.url}
          </h1>
          <Badge tone={webhook.active ? "green" : "gray"} testId="webhook-state">
            {webhook.active ? "active" : "disabled"}
          </Badge>
        </div>
        <p className="text-sm text-slate-600">
          {webhook.events.includes("*") ? "All events" : webhook.events.join(", ")} · created {utc(webhook.created_at)} · <code className="text-xs">{webhook.id}</code>
        </p>
      </div>
      <WebhookActions webhook={webhook} />

      <section className="space-y-3">
        <PageHeader title="Deliveries">
          <nav className="flex gap-1 text-sm" aria-label="Filter by status">
            {[undefined, ...DELIVERY_STATUSES].map((s) => (
              <Link
                key={s ?? "all"}
                href={`/webhooks/${encodeURIComponent(id)}${queryString({ status: s })}`}
                className={`rounded-md px-2 py-1 ${s === status ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-100"}`}
              >
                {s ?? "all"}
              </Link>
            ))}
          </nav>
        </PageHeader>
        {log ? <DeliveryLog webhookId={webhook.id} deliveries={log.items} /> : <ErrorNote>This page link is no longer valid.</ErrorNote>}
        <Pager path={`/webhooks/${encodeURIComponent(id)}`} filters={{ status }} cursor={cursor} nextCursor={log?.next_cursor ?? null} testId="deliveries" />
      </section>
    </div>
  );
}
