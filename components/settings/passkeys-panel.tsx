"use client";

import { startRegistration } from "@simplewebauthn/browser";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "../ui/button";
import { ErrorNote } from "../ui/states";

type Passkey = { id: string; name: string; created_at: string; last_used_at: string | null; transports: string[] };

async function postJson(url: string, body: unknown) {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new Error(data?.error?.message ?? `Request failed (${res.status})`);
  return data;
}

/** Register, list and remove the signed-in user's passkeys (several per user, each named). */
export function PasskeysPanel({ passkeys }: { passkeys: Passkey[] }) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function register() {
    setError(null);
    if (!name.trim()) {
      setError("Give the passkey a name, e.g. “Work laptop”.");
      return;
    }
    setBusy(true);
    try {
      const optionsJSON = await postJson("/api/v1/passkeys/options", {});
      const response = await startRegistration({ optionsJSON });
      await postJson("/api/v1/passkeys", { name: name.trim(), response });
      setName("");
      router.refresh();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  async function remove(id: string) {
    setBusy(true);
    const res = await fetch(`/api/v1/passkeys/${id}`, { method: "DELETE" });
    setBusy(false);
    if (!res.ok) setError(`Could not remove (${res.status})`);
    router.refresh();
  }

  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4" data-testid="passkeys">
      <h2 className="text-sm font-semibold">Passkeys</h2>
      <p className="mt-1 text-sm text-slate-600">Publishers confirm publish and release approvals with a passkey: proof of fresh presence, not just a session.</p>
      {passkeys.length === 0 ? (
        <p className="mt-3 text-sm text-slate-500" data-testid="no-passkeys">
          No passkeys yet.
        </p>
      ) : (
        <ul className="mt-3 divide-y divide-slate-100 text-sm" data-testid="passkey-list">
          {passkeys.map((p) => (
            <li key={p.id} className="flex flex-wrap items-center gap-3 py-2" data-testid="passkey-row">
              <span className="font-medium">{p.name}</span>
              <span className="text-xs text-slate-500">added {p.created_at.slice(0, 10)}</span>
              <span className="text-xs text-slate-500" data-testid="passkey-last-used">
                {p.last_used_at ? `last used ${p.last_used_at.replace("T", " ").slice(0, 16)}` : "never used"}
              </span>
              <Button variant="secondary" className="ml-auto" disabled={busy} onClick={() => remove(p.id)}>
                Remove
              </Button>
            </li>
          ))}
        </ul>
      )}
      <div className="mt-3 flex flex-wrap gap-2">
        <input
          aria-label="Passkey name"
          placeholder="Name, e.g. Work laptop"
          value={name}
          onChange={(e) => setName(e.target.value)}
          className="min-w-48 flex-1 rounded-md border border-slate-300 px-2 py-1.5 text-sm"
        />
        <Button disabled={busy} onClick={register}>
          Add a passkey
        </Button>
      </div>
      {error ? (
        <div className="mt-2">
          <ErrorNote>{error}</ErrorNote>
        </div>
      ) : null}
    </section>
  );
}
