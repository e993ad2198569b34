"use client";

import { startAuthentication } from "@simplewebauthn/browser";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi, dataOrThrow, webAuthnJson } from "@/lib/client/api-client";
import { accessOperations } from "@/lib/http/operations/access";
import { Button } from "../ui/button";
import { ErrorNote } from "../ui/states";

/** `next`: a page to load afresh once signed in (the invitation page), instead of the queue. */
export function LoginForm({ sso, next }: { sso: { id: string; name: string }[]; next?: string }) {
  const router = useRouter();
  const done = () => (next ? window.location.assign(next) : router.replace("/approvals"));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(form: FormData) {
    setBusy(true);
    setError(null);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    setBusy(false);
    if (result?.ok) done();
    // The credentials provider names this refusal (it comes only with the right password).
    else if (result?.error === "email_unverified") setError("Your email address is not verified yet. Follow the link in the mail we sent when you signed up, then sign in.");
    else setError("Email or password is incorrect.");
  }

  async function signInWithPasskey() {
    setBusy(true);
    setError(null);
    try {
      const options = dataOrThrow(await callApi(accessOperations.beginPasskeyLogin, { body: {} }));
      const response = await startAuthentication({ optionsJSON: webAuthnJson(options) });
      const result = await signIn("passkey", { response: JSON.stringify(response), redirect: false });
      if (result?.ok) done();
      else setError("That passkey is not registered here.");
    } catch (e) {
      setError(`Passkey sign-in did not complete: ${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form action={submit} className="mt-5 space-y-3">
      <label className="block text-sm">
        <span className="text-slate-700">Email</span>
        <input name="email" type="email" autoComplete="username" required className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2" />
      </label>
      <label className="block text-sm">
        <span className="text-slate-700">Password</span>
        <input name="password" type="password" autoComplete="current-password" required className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2" />
      </label>
      {error ? <ErrorNote>{error}</ErrorNote> : null}
      <Button type="submit" disabled={busy} className="w-full py-2">
        {busy ? "Signing in…" : "Sign in"}
      </Button>
      <Button variant="secondary" className="w-full py-2" disabled={busy} onClick={signInWithPasskey} data-testid="passkey-login">
        Sign in with a passkey
      </Button>
      {sso.map((p) => (
        <Button key={p.id} variant="secondary" className="w-full py-2" onClick={() => signIn(p.id, { callbackUrl: next ?? "/approvals" })}>
          Continue with {p.name}
        </Button>
      ))}
    </form>
  );
}
