import { EmptyState, PageHeader } from "@/components/ui/states";
import { WebhooksPanel } from "@/components/webhooks/webhooks-panel";
import { can, requireUser } from "@/lib/auth/current-user";
import { MAX_WEBHOOKS_PER_ORG } from "@/lib/domain/webhooks/create-webhook";
import { listWebhooks } from "@/lib/domain/webhooks/list-webhooks";

export const dynamic = "force-dynamic";

/** Webhooks (admins): the org's endpoints; each links to its delivery log. */
export default async function WebhooksPage() {
  const user = await requireUser();
  if (!can(user, "admin")) {
    return (
      <div>
        <PageHeader title="Webhooks" />
        <EmptyState title="Only admins manage webhooks">Ask an admin of this organization.</EmptyState>
      </div>
    );
  }
  // An org has at most MAX_WEBHOOKS_PER_ORG webhooks: one page holds them all.
  const webhooks = await listWebhooks(user.orgId, { limit: MAX_WEBHOOKS_PER_ORG });
  return (
    <div>
      <PageHeader title="Webhooks">
        <p className="text-sm text-slate-500">
          Events are POSTed as JSON, signed <code>Tollgate-Signature: t=…,v1=…</code>, and retried with backoff until the endpoint answers 2xx.
        </p>
      </PageHeader>
      <WebhooksPanel webhooks={webhooks.items} />
    </div>
  );
}
