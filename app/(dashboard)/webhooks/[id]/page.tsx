import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Pager } from "@/components/ui/pager";
import { PageHeader, Refused } from "@/components/ui/states";
import { DeliveryLog } from "@/components/webhooks/delivery-log";
import { WebhookActions } from "@/components/webhooks/webhook-actions";
import { GET as listDeliveries } from "@/app/api/v1/webhooks/[id]/deliveries/route";
import { GET as getWebhook } from "@/app/api/v1/webhooks/[id]/route";
import { operations } from "@/lib/http/operations";
import { readOperation } from "@/lib/http/read-operation";
import { DELIVERY_STATUSES } from "@/lib/schemas/webhooks";
import { type SearchParams, oneParam, queryString } from "@/lib/search-params";
import { utc } from "@/lib/format";

export const dynamic = "force-dynamic";

const PAGE_SIZE = 50;

/** One webhook (admins): its settings and controls, and its delivery log with every attempt. */
export default async function WebhookPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: SearchParams }) {
  const { id } = await params;
  const query = await searchParams;
  const cursor = oneParam(query.cursor);
  const status = DELIVERY_STATUSES.find((s) => s === oneParam(query.status));
  const page = `/webhooks/${encodeURIComponent(id)}`;
  const [read, log] = await Promise.all([
    readOperation(operations.getWebhook, getWebhook, { params: { id }, page }),
    readOperation(operations.listWebhookDeliveries, listDeliveries, { params: { id }, query: { limit: PAGE_SIZE, cursor, status }, page }),
  ]);
  if (!read.ok) return <Refused read={read} forbidden="Only admins manage webhooks" />;
  const webhook = read.data;

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
        {log.ok ? <DeliveryLog webhookId={webhook.id} deliveries={log.data.items} /> : <Refused read={log} />}
        <Pager path={page} filters={{ status }} cursor={cursor} nextCursor={log.ok ? log.data.next_cursor : null} testId="deliveries" />
      </section>
    </div>
  );
}
