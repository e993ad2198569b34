"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi, dataOrThrow } from "@/lib/client/api-client";
import { notifyOperations } from "@/lib/http/operations/notify";
import { Button } from "../ui/button";
import { Field, Panel, TextInput } from "../ui/form";
import { ErrorNote } from "../ui/states";

export interface SlackState {
  connected: boolean;
  team_id: string | null;
  default_channel: string | null;
  rule_channels: Record<string, string>;
  interactions_url: string;
}

/** Admins connect the org's Slack app: the secrets go in once and are never shown again. */
export function SlackPanel({ state }: { state: SlackState }) {
  const router = useRouter();
  const [form, setForm] = useState({ bot_token: "", signing_secret: "", default_channel: state.default_channel ?? "#approvals", rules: Object.entries(state.rule_channels).map(([r, c]) => `${r}=${c}`).join(", ") });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [key]: e.target.value });

  async function act(disconnect: boolean) {
    setBusy(true);
    setError(null);
    try {
      if (disconnect) dataOrThrow(await callApi(notifyOperations.disconnectSlack, {}));
      else {
        const rule_channels = Object.fromEntries(form.rules.split(",").map((p) => p.trim()).filter(Boolean).map((p) => p.split("=").map((s) => s.trim())));
        dataOrThrow(await callApi(notifyOperations.connectSlack, { body: { bot_token: form.bot_token, signing_secret: form.signing_secret, default_channel: form.default_channel, rule_channels } }));
        setForm({ ...form, bot_token: "", signing_secret: "" });
      }
      router.refresh();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Panel title="Slack" testId="slack-panel">
      <div className="space-y-3 p-4 text-sm">
        <p className="text-slate-700">
          {state.connected ? `Connected to workspace ${state.team_id ?? "?"}; cards go to ${state.default_channel}.` : "Not connected."} Interactivity Request URL for the Slack app:{" "}
          <code className="break-all rounded bg-slate-100 px-1">{state.interactions_url}</code>
        </p>
        <div className="grid max-w-2xl gap-3 sm:grid-cols-2">
          <Field label="Bot token (xoxb-…)"><TextInput type="password" autoComplete="off" value={form.bot_token} onChange={set("bot_token")} /></Field>
          <Field label="Signing secret"><TextInput type="password" autoComplete="off" value={form.signing_secret} onChange={set("signing_secret")} /></Field>
          <Field label="Default channel"><TextInput value={form.default_channel} onChange={set("default_channel")} /></Field>
          <Field label="Channel per rule" hint="rule-id=#channel, comma-separated"><TextInput value={form.rules} onChange={set("rules")} placeholder="refunds=#finance" /></Field>
        </div>
        <div className="flex gap-2">
          <Button onClick={() => act(false)} disabled={busy || !form.bot_token || !form.signing_secret}>{state.connected ? "Save" : "Connect Slack"}</Button>
          {state.connected ? <Button variant="secondary" onClick={() => act(true)} disabled={busy}>Disconnect</Button> : null}
        </div>
        {error ? <ErrorNote>{error}</ErrorNote> : null}
      </div>
    </Panel>
  );
}
