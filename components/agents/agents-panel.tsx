"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Field, SelectInput, TextInput } from "@/components/ui/form";
import { SecretCallout } from "@/components/ui/secret-callout";
import { EmptyState, ErrorNote } from "@/components/ui/states";
import { RowErrorNote, useRowActions } from "@/components/ui/row-actions";
import { callApi, describeApiError } from "@/lib/client/api-client";
import { peopleOperations } from "@/lib/http/operations/people";
import { utc } from "@/lib/format";
import type { ZAgent } from "@/lib/schemas/responses/people";

export type AgentRow = z.output<typeof ZAgent>;

/** A member who can own an agent. */
export interface OwnerOption {
  user_id: string;
  email: string;
}

/** The org's agents with their accountable owner; admins create them, rotate their keys and delete them. */
export function AgentsPanel({ agents, members, me, canManage }: { agents: AgentRow[]; members: OwnerOption[]; me: string; canManage: boolean }) {
  const ownerOf = (agent: AgentRow) => (agent.owner_id ? (members.find((m) => m.user_id === agent.owner_id)?.email ?? "a former member") : "nobody");
  const [secret, setSecret] = useState<{ title: string; key: string } | null>(null);
  const { busy, error: rowError, run } = useRowActions();

  async function rotate(agent: AgentRow) {
    const rotated = await run(agent.id, () =>
      callApi(peopleOperations.rotateAgentKey, { params: { id: agent.id }, body: {} }),
    );
    if (rotated) setSecret({ title: `New API key for ${agent.name} (the old key stopped working just now)`, key: rotated.api_key });
  }

  const remove = (agent: AgentRow) => run(agent.id, () => callApi(peopleOperations.deleteAgent, { params: { id: agent.id } }));

  return (
    <div className="space-y-4">
      {secret ? <SecretCallout title={secret.title} secret={secret.key} onDismiss={() => setSecret(null)} /> : null}
      {canManage ? <CreateAgentForm members={members} me={me} onCreated={(name, key) => setSecret({ title: `API key for ${name}`, key })} /> : null}
      {agents.length === 0 ? (
        <EmptyState title="No agents yet">
          {canManage ? "Create one above; it gets an API key to propose intents with." : "An admin can create agents and give them API keys."}
        </EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100 overflow-hidden rounded-lg border border-slate-200 bg-white" data-testid="agent-list">
          {agents.map((agent) => (
            <li key={agent.id} className="px-4 py-3 text-sm" data-testid="agent-row" data-agent-id={agent.id} data-agent-name={agent.name}>
              <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between">
                <div className="min-w-0">
                  <p className="font-medium text-slate-900">{agent.name}</p>
                  {agent.description ? <p className="text-slate-600">{agent.description}</p> : null}
                  <p className="mt-1 flex flex-wrap gap-x-3 gap-y-0.5 text-xs text-slate-500">
                    <span>
                      key <code className="text-slate-700" data-testid="agent-key-suffix">{agent.key_suffix ? `…${agent.key_suffix}` : "none"}</code>
                    </span>
                    <span data-testid="agent-owner">owner {ownerOf(agent)}</span>
                    <span>last used {agent.last_used_at ? utc(agent.last_used_at) : "never"}</span>
                    <span>created {utc(agent.created_at)}</span>
                    <code className="text-slate-400">{agent.id}</code>
                  </p>
                </div>
                {canManage ? (
                  <div className="flex shrink-0 flex-wrap items-center gap-2">
                    <ConfirmButton
                      label="Rotate key"
                      question="Replace the key? The current one stops working at once."
                      confirmLabel="Rotate"
                      variant="primary"
                      busy={busy === agent.id}
                      testId="rotate-agent"
                      onConfirm={() => rotate(agent)}
                    />
                    <ConfirmButton
                      label="Delete"
                      question={`Delete ${agent.name}? Its key stops working at once.`}
                      busy={busy === agent.id}
                      testId="delete-agent"
                      onConfirm={() => remove(agent)}
                    />
                  </div>
                ) : null}
              </div>
              <RowErrorNote error={rowError} id={agent.id} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function CreateAgentForm({ members, me, onCreated }: { members: OwnerOption[]; me: string; onCreated: (name: string, key: string) => void }) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [owner, setOwner] = useState(me);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const res = await callApi(peopleOperations.createAgent, {
      body: { name: name.trim(), owner_id: owner, ...(description.trim() ? { description: description.trim() } : {}) },
    });
    setBusy(false);
    if (!res.ok) {
      const issue = (res.error.details?.issues as { path: string[]; message: string }[] | undefined)?.[0];
      if (issue?.path[0] === "owner_id") return setError("That person is no longer a member of this organization; pick another owner.");
      return setError(describeApiError(res.error));
    }
    onCreated(res.data.name, res.data.api_key);
    setName("");
    setDescription("");
    router.refresh();
  }

  return (
    <form onSubmit={submit} className="rounded-lg border border-slate-200 bg-white p-4" data-testid="create-agent-form">
      <div className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_minmax(0,2fr)_minmax(0,1.5fr)_auto] sm:items-end">
        <Field label="Name">
          <TextInput value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} placeholder="billing-bot" data-testid="agent-name" />
        </Field>
        <Field label="Description (optional)">
          <TextInput value={description} onChange={(e) => setDescription(e.target.value)} maxLength={1000} placeholder="What it does" data-testid="agent-description" />
        </Field>
        <Field label="Owner">
          <SelectInput value={owner} onChange={(e) => setOwner(e.target.value)} data-testid="agent-owner-select">
            {members.map((m) => (
              <option key={m.user_id} value={m.user_id}>
                {m.user_id === me ? `${m.email} (you)` : m.email}
              </option>
            ))}
          </SelectInput>
        </Field>
        <Button type="submit" disabled={busy || !name.trim()} data-testid="create-agent">
          {busy ? "Creating…" : "Create agent"}
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
