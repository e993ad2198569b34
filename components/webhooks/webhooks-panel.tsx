"use client";

import Link from "next/link";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { SecretCallout } from "@/components/ui/secret-callout";
import { EmptyState } from "@/components/ui/states";
import { RowErrorNote, useRowActions } from "@/components/ui/row-actions";
import { callApi, describeApiError } from "@/lib/client/api-client";
import { webhookOperations as api } from "@/lib/http/operations/webhooks";
import type { WebhookView } from "@/lib/schemas/responses/webhooks";
import { utc } from "@/lib/format";
import { CreateWebhookForm } from "./create-webhook-form";

/** The org's webhooks: create (the signing secret is shown once), enable or disable, delete, open the delivery log. */
export function WebhooksPanel({ webhooks }: { webhooks: WebhookView[] }) {
  const [secret, setSecret] = useState<{ title: string; value: string } | null>(null);
  const { busy, error: rowError, run } = useRowActions(describeApiError);

  return (
    <div className="space-y-4">
      {secret ? <SecretCallout title={secret.title} secret={secret.value} onDismiss={() => setSecret(null)} /> : null}
      <CreateWebhookForm onCreated={(url, value) => setSecret({ title: `Signing secret for ${url}`, value })} />
      {webhooks.length === 0 ? (
        <EmptyState title="No webhooks yet">Add an endpoint above to receive events as they happen.</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100 overflow-hidden rounded-lg border border-slate-200 bg-white" data-testid="webhook-list">
          {webhooks.map((webhook) => (
            <li key={webhook.id} className="px-4 py-3 text-sm" data-testid="webhook-row" data-webhook-id={webhook.id}>
              <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between">
                <div className="min-w-0">
                  <div className="flex flex-wrap items-center gap-2">
                    <Link href={`/webhooks/${webhook.id}`} className="break-all font-medium text-slate-900 hover:underline" data-testid="webhook-link">
                      {webhook.url}
                    </Link>
                    <Badge tone={webhook.active ? "green" : "gray"} testId="webhook-state">
                      {webhook.active ? "active" : "disabled"}
                    </Badge>
                  </div>
                  <p className="mt-1 flex flex-wrap gap-1">
                    {webhook.events.map((type) => (
                      <code key={type} className="rounded bg-slate-100 px-1 text-xs text-slate-700">
                        {type === "*" ? "all events" : type}
                      </code>
                    ))}
                  </p>
                  <p className="mt-1 text-xs text-slate-500">
                    created {utc(webhook.created_at)} · <code className="text-slate-400">{webhook.id}</code>
                  </p>
                </div>
                <div className="flex shrink-0 flex-wrap items-center gap-2">
                  <Button
                    variant="secondary"
                    className="px-2.5 py-1 text-xs"
                    disabled={busy === webhook.id}
                    onClick={() => run(webhook.id, () => callApi(api.updateWebhook, { params: { id: webhook.id }, body: { active: !webhook.active } }))}
                    data-testid="toggle-webhook"
                  >
                    {webhook.active ? "Disable" : "Enable"}
                  </Button>
                  <ConfirmButton
                    label="Delete"
                    question="Delete this webhook and its delivery log?"
                    busy={busy === webhook.id}
                    testId="delete-webhook"
                    onConfirm={() => run(webhook.id, () => callApi(api.deleteWebhook, { params: { id: webhook.id } }))}
                  />
                </div>
              </div>
              <RowErrorNote error={rowError} id={webhook.id} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
