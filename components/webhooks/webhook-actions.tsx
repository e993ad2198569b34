"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Field, TextInput } from "@/components/ui/form";
import { SecretCallout } from "@/components/ui/secret-callout";
import { ErrorNote } from "@/components/ui/states";
import { type ApiResult, callApi, describeApiError } from "@/lib/client/api-client";
import { webhookOperations as api } from "@/lib/http/operations/webhooks";
import type { WebhookView } from "@/lib/schemas/responses/webhooks";
import { EventPicker } from "./event-picker";

/** One webhook's controls: enable/disable, edit URL and events, rotate the secret (shown once), delete. */
export function WebhookActions({ webhook }: { webhook: WebhookView }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [url, setUrl] = useState(webhook.url);
  const [events, setEvents] = useState(webhook.events);
  const params = { id: webhook.id };

  async function run<T>(request: () => Promise<ApiResult<T>>, then?: (data: T) => void) {
    setBusy(true);
    setError(null);
    const res = await request();
    setBusy(false);
    if (!res.ok) return setError(describeApiError(res.error));
    then?.(res.data);
    router.refresh();
  }

  function save(e: FormEvent) {
    e.preventDefault();
    run(() => callApi(api.updateWebhook, { params, body: { url: url.trim(), events } }), () => setEditing(false));
  }

  return (
    <section className="space-y-3" data-testid="webhook-actions">
      {secret ? <SecretCallout title="New signing secret (the old one no longer signs anything)" secret={secret} onDismiss={() => setSecret(null)} /> : null}
      <div className="flex flex-wrap items-center gap-2">
        <Button variant="secondary" disabled={busy} onClick={() => run(() => callApi(api.updateWebhook, { params, body: { active: !webhook.active } }))} data-testid="toggle-webhook">
          {webhook.active ? "Disable" : "Enable"}
        </Button>
        <Button variant="secondary" disabled={busy} onClick={() => setEditing((v) => !v)} data-testid="edit-webhook">
          {editing ? "Cancel edit" : "Edit URL and events"}
        </Button>
        <ConfirmButton
          label="Rotate secret"
          question="Sign with a new secret from now on? Receivers must switch to it."
          confirmLabel="Rotate"
          variant="primary"
          busy={busy}
          testId="rotate-webhook-secret"
          onConfirm={() => run(() => callApi(api.rotateWebhookSecret, { params, body: {} }), (data) => setSecret(data.secret))}
        />
        <ConfirmButton
          label="Delete"
          question="Delete this webhook and its delivery log?"
          busy={busy}
          testId="delete-webhook"
          onConfirm={() => run(() => callApi(api.deleteWebhook, { params }), () => router.push("/webhooks"))}
        />
      </div>
      {editing ? (
        <form onSubmit={save} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" data-testid="edit-webhook-form">
          <Field label="Endpoint URL">
            <TextInput value={url} onChange={(e) => setUrl(e.target.value)} required maxLength={2048} type="url" data-testid="edit-webhook-url" />
          </Field>
          <EventPicker value={events} onChange={setEvents} />
          <Button type="submit" disabled={busy || !url.trim() || events.length === 0} data-testid="save-webhook">
            Save
          </Button>
        </form>
      ) : null}
      {error ? <ErrorNote>{error}</ErrorNote> : null}
    </section>
  );
}
