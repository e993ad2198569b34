"use client";

import { startAuthentication, startRegistration } from "@simplewebauthn/browser";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { type AssertionJson, type AttestationJson, callApi, dataOrThrow, webAuthnJson } from "@/lib/client/api-client";
import { accessOperations } from "@/lib/http/operations/access";
import { Button } from "../ui/button";
import { ErrorNote } from "../ui/states";

type Passkey = { id: string; name: string; created_at: string; last_used_at: string | null; transports: string[] };
/** What adding a passkey asks for besides the session (lib/domain/passkeys/prove-enrollment.ts). */
export type EnrollmentRequirement = "passkey" | "password" | "unavailable";

/** Passkeys added this recently are flagged, so an enrollment the user did not make stands out. */
const RECENT_MS = 7 * 86_400_000;


const when = (at: string) => at.replace("T", " ").slice(0, 16);

/**
 * Register, list and remove the signed-in user's passkeys (several per user, each named). Adding
 * one needs fresh proof, not just the session: the password for the first passkey, a confirmation
 * with an existing passkey for the next ones.
 */
export function PasskeysPanel({ passkeys, requirement, now }: { passkeys: Passkey[]; requirement: EnrollmentRequirement; now: number }) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const recent = passkeys.filter((p) => now - Date.parse(p.created_at) < RECENT_MS);

  async function proof() {
    if (requirement === "password") return { password };
    // Confirm with a passkey already registered; the server issues the registration options only after it.
    const reauth = dataOrThrow(await callApi(accessOperations.passkeyReauth, { body: {} }));
    return { assertion: webAuthnJson<AssertionJson>(await startAuthentication({ optionsJSON: webAuthnJson(reauth) })) };
  }

  async function register() {
    setError(null);
    if (!name.trim()) {
      setError("Give the passkey a name, e.g. “Work laptop”.");
      return;
    }
    if (requirement === "password" && !password) {
      setError("Enter your password to add your first passkey.");
      return;
    }
    setBusy(true);
    try {
      const optionsJSON = dataOrThrow(await callApi(accessOperations.passkeyOptions, { body: await proof() }));
      setPassword("");
      const response = webAuthnJson<AttestationJson>(await startRegistration({ optionsJSON: webAuthnJson(optionsJSON) }));
      dataOrThrow(await callApi(accessOperations.registerPasskey, { body: { name: name.trim(), response } }));
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
    const res = await callApi(accessOperations.removePasskey, { params: { id } });
    setBusy(false);
    if (!res.ok) setError(`Could not remove (${res.status})`);
    router.refresh();
  }

  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4" data-testid="passkeys">
      <h2 className="text-sm font-semibold">Passkeys</h2>
      <p className="mt-1 text-sm text-slate-600">Publishers confirm publish and release approvals with a passkey: proof of fresh presence, not just a session.</p>
      {recent.length > 0 ? (
        <p className="mt-3 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="recent-passkey-notice">
          {recent.length === 1 ? `A passkey (“${recent[0]?.name}”) was added` : `${recent.length} passkeys were added`} in the last 7 days. If that was not you,
          remove it and change your password. Every passkey added or removed is recorded in each of your organizations’ audit trails.
        </p>
      ) : null}
      {passkeys.length === 0 ? (
        <p className="mt-3 text-sm text-slate-500" data-testid="no-passkeys">
          No passkeys yet.
        </p>
      ) : (
        <ul className="mt-3 divide-y divide-slate-100 text-sm" data-testid="passkey-list">
          {passkeys.map((p) => (
            <li key={p.id} className="flex flex-wrap items-center gap-3 py-2" data-testid="passkey-row">
              <span className="font-medium">{p.name}</span>
              <span className="text-xs text-slate-500" data-testid="passkey-created">
                added {when(p.created_at)} UTC
              </span>
              {now - Date.parse(p.created_at) < RECENT_MS ? <span className="rounded bg-amber-100 px-1.5 text-xs text-amber-900">new</span> : null}
              <span className="text-xs text-slate-500" data-testid="passkey-last-used">
                {p.last_used_at ? `last used ${when(p.last_used_at)}` : "never used"}
              </span>
              <Button variant="secondary" className="ml-auto" disabled={busy} onClick={() => remove(p.id)}>
                Remove
              </Button>
            </li>
          ))}
        </ul>
      )}
      {requirement === "unavailable" ? (
        <p className="mt-3 text-sm text-slate-600" data-testid="passkey-unavailable">
          Your account has no password to confirm a first passkey with (you sign in with single sign-on). Set a password with the password reset, then add your passkey here.
        </p>
      ) : (
        <div className="mt-3 flex flex-wrap gap-2">
          <input
            aria-label="Passkey name"
            placeholder="Name, e.g. Work laptop"
            value={name}
            onChange={(e) => setName(e.target.value)}
            className="min-w-48 flex-1 rounded-md border border-slate-300 px-2 py-1.5 text-sm"
          />
          {requirement === "password" ? (
            <input
              aria-label="Current password"
              type="password"
              autoComplete="current-password"
              placeholder="Your password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              className="min-w-48 flex-1 rounded-md border border-slate-300 px-2 py-1.5 text-sm"
            />
          ) : null}
          <Button disabled={busy} onClick={register}>
            Add a passkey
          </Button>
        </div>
      )}
      {requirement !== "unavailable" ? (
        <p className="mt-2 text-xs text-slate-500" data-testid="passkey-proof-hint">
          {requirement === "password"
            ? "Your first passkey needs your password again, so a signed-in browser alone cannot add one."
            : "You will confirm with one of your passkeys before the new one is added."}
        </p>
      ) : null}
      {error ? (
        <div className="mt-2">
          <ErrorNote>{error}</ErrorNote>
        </div>
      ) : null}
    </section>
  );
}
