"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, TextInput } from "@/components/ui/form";
import { ErrorNote } from "@/components/ui/states";
import { callApi, describeApiError } from "@/lib/client/api-client";
import { webhookOperations as api } from "@/lib/http/operations/webhooks";
import { EventPicker } from "./event-picker";

/** POST /api/v1/webhooks; hands the secret (shown once) to the caller. */
export function CreateWebhookForm({ onCreated }: { onCreated: (url: string, secret: string) => void }) {
  const router = useRouter();
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<string[]>(["intent.pending", "intent.resolved"]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const res = await callApi(api.createWebhook, { body: { url: url.trim(), events } });
    setBusy(false);
    if (!res.ok) return setError(describeApiError(res.error));
    onCreated(res.data.url, res.data.secret);
    setUrl("");
    router.refresh();
  }

  return (
    <form onSubmit={submit} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" data-testid="create-webhook-form">
      <Field label="Endpoint URL" hint="Tollgate POSTs each event here as JSON, signed in the Tollgate-Signature header.">
        <TextInput value={url} onChange={(e) => setUrl(e.target.value)} required maxLength={2048} type="url" placeholder="https://example.com/hooks/tollgate" data-testid="webhook-url" />
      </Field>
      <EventPicker value={events} onChange={setEvents} />
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={busy || !url.trim() || events.length === 0} data-testid="create-webhook">
          {busy ? "Creating…" : "Create webhook"}
        </Button>
        {events.length === 0 ? <span className="text-xs text-slate-500">Pick at least one event.</span> : null}
      </div>
      {error ? <ErrorNote>{error}</ErrorNote> : null}
    </form>
  );
}
