import { GET as listWebhooks } from "@/app/api/v1/webhooks/route";
import { PageHeader, Refused } from "@/components/ui/states";
import { WebhooksPanel } from "@/components/webhooks/webhooks-panel";
import { operations } from "@/lib/http/operations";
import { readOperation } from "@/lib/http/read-operation";

export const dynamic = "force-dynamic";

/** Webhooks (admins): the org's endpoints; each links to its delivery log. */
export default async function WebhooksPage() {
  // An org has at most 20 webhooks (the API refuses more): one page of the largest size holds them all.
  const webhooks = await readOperation(operations.listWebhooks, listWebhooks, { query: { limit: 200 }, page: "/webhooks" });
  if (!webhooks.ok) {
    return (
      <div>
        <PageHeader title="Webhooks" />
        <Refused read={webhooks} forbidden="Only admins manage webhooks" />
      </div>
    );
  }
  return (
    <div>
      <PageHeader title="Webhooks">
        <p className="text-sm text-slate-500">
          Events are POSTed as JSON, signed <code>Tollgate-Signature: t=…,v1=…</code>, and retried with backoff until the endpoint answers 2xx.
        </p>
      </PageHeader>
      <WebhooksPanel webhooks={webhooks.data.items} />
    </div>
  );
}
