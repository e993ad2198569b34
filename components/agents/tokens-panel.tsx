"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import type { z } from "zod";
import { Badge, type Tone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Field, TextInput } from "@/components/ui/form";
import { SecretCallout } from "@/components/ui/secret-callout";
import { EmptyState, ErrorNote } from "@/components/ui/states";
import { RowErrorNote, useRowActions } from "@/components/ui/row-actions";
import { callApi, describeApiError } from "@/lib/client/api-client";
import { accessOperations } from "@/lib/http/operations/access";
import { utc } from "@/lib/format";
import type { ZPersonalToken } from "@/lib/schemas/responses/people";

export type TokenRow = z.output<typeof ZPersonalToken>;

const STATUS_TONE: Record<TokenRow["status"], Tone> = { active: "green", expired: "gray", revoked: "red" };

/** The signed-in member's personal access tokens in this org: create (shown once) and revoke. */
export function TokensPanel({ tokens }: { tokens: TokenRow[] }) {
  const [secret, setSecret] = useState<{ name: string; token: string } | null>(null);
  const { busy, error: rowError, run } = useRowActions();
  const revoke = (token: TokenRow) => run(token.id, () => callApi(accessOperations.revokeToken, { params: { id: token.id } }));

  return (
    <div className="space-y-4">
      {secret ? <SecretCallout title={`Token “${secret.name}”`} secret={secret.token} onDismiss={() => setSecret(null)} /> : null}
      <CreateTokenForm onCreated={(name, token) => setSecret({ name, token })} />
      {tokens.length === 0 ? (
        <EmptyState title="No personal access tokens">Create one to call the API or use the CLI as yourself.</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100 overflow-hidden rounded-lg border border-slate-200 bg-white" data-testid="token-list">
          {tokens.map((token) => (
            <li key={token.id} className="px-4 py-3 text-sm" data-testid="token-row" data-token-id={token.id} data-status={token.status}>
              <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between">
                <div className="min-w-0">
                  <p className="flex flex-wrap items-center gap-2">
                    <span className="font-medium text-slate-900">{token.name}</span>
                    <Badge tone={STATUS_TONE[token.status]} testId="token-status">
                      {token.status}
                    </Badge>
                    <code className="text-xs text-slate-500">…{token.suffix}</code>
                  </p>
                  <p className="mt-1 flex flex-wrap gap-x-3 gap-y-0.5 text-xs text-slate-500">
                    <span>created {utc(token.created_at)}</span>
                    <span>
                      {token.status === "expired" ? "expired" : "expires"} {token.expires_at ? utc(token.expires_at) : "never"}
                    </span>
                    <span>last used {token.last_used_at ? utc(token.last_used_at) : "never"}</span>
                    {token.revoked_at ? <span>revoked {utc(token.revoked_at)}</span> : null}
                  </p>
                </div>
                {token.status === "active" ? (
                  <div className="shrink-0">
                    <ConfirmButton
                      label="Revoke"
                      question="Revoke this token? Anything using it stops working at once."
                      busy={busy === token.id}
                      testId="revoke-token"
                      onConfirm={() => revoke(token)}
                    />
                  </div>
                ) : null}
              </div>
              <RowErrorNote error={rowError} id={token.id} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function CreateTokenForm({ onCreated }: { onCreated: (name: string, token: string) => void }) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [days, setDays] = useState("30");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const expires = Number(days);
    if (!Number.isInteger(expires) || expires < 1 || expires > 365) return setError("Expiry must be a whole number of days from 1 to 365.");
    setBusy(true);
    setError(null);
    const res = await callApi(accessOperations.createToken, { body: { name: name.trim(), expires_in_days: expires } });
    setBusy(false);
    if (!res.ok) {
      return setError(describeApiError(res.error));
    }
    onCreated(res.data.name, res.data.token);
    setName("");
    router.refresh();
  }

  return (
    <form onSubmit={submit} className="rounded-lg border border-slate-200 bg-white p-4" data-testid="create-token-form">
      <div className="grid grid-cols-[minmax(0,1fr)_6rem] gap-3 sm:grid-cols-[minmax(0,2fr)_8rem_auto] sm:items-end">
        <Field label="Token name">
          <TextInput value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} placeholder="laptop cli" data-testid="token-name" />
        </Field>
        <Field label="Expires in (days)">
          <TextInput type="number" min={1} max={365} step={1} value={days} onChange={(e) => setDays(e.target.value)} required data-testid="token-days" />
        </Field>
        <Button type="submit" className="col-span-2 sm:col-span-1" disabled={busy || !name.trim()} data-testid="create-token">
          {busy ? "Creating…" : "Create token"}
        </Button>
      </div>
      {error ? (
        <div className="mt-3">
          <ErrorNote>{error}</ErrorNote>
        </div>
      ) : null}
    </form>
  );
}
