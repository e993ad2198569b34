"use client";

import { type FormEvent, useState } from "react";
import { useLinkToken } from "./use-link-token";
import { Button } from "@/components/ui/button";
import { Field, TextInput } from "@/components/ui/form";
import { ErrorNote } from "@/components/ui/states";
import { callApi } from "@/lib/client/api-client";
import { accessOperations } from "@/lib/http/operations/access";

/** /forgot-password: asks for a reset link. The answer is the same whether or not the email has an account. */
export function RequestReset() {
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const res = await callApi(accessOperations.requestPasswordReset, { body: { email } });
    if (res.ok) setSent(true);
    else setError(res.error.code === "rate_limited" ? "Too many requests from here. Wait a minute, then try again." : res.error.message);
  }

  if (sent) {
    return (
      <p className="mt-5 text-sm text-slate-700" role="status" data-testid="reset-requested">
        If {email} has a Tollgate account, a link to choose a new password is on its way. It works once, within 60 minutes.
      </p>
    );
  }
  return (
    <form className="mt-5 flex flex-col gap-3" onSubmit={submit}>
      <Field label="Email">
        <TextInput type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </Field>
      {error ? <ErrorNote>{error}</ErrorNote> : null}
      <Button type="submit">Send the link</Button>
      <a className="text-sm text-sky-800 underline" href="/login">Back to sign-in</a>
    </form>
  );
}

/** /reset-password#tg_pwr_…: chooses the new password (the token stays in the fragment, which no server sees). */
export function ChooseNewPassword() {
  const token = useLinkToken();
  const [password, setPassword] = useState("");
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!token) return;
    setBusy(true);
    setError(null);
    const res = await callApi(accessOperations.confirmPasswordReset, { body: { token, password } });
    setBusy(false);
    if (res.ok) return setDone(true);
    if (res.error.code === "reset_token_invalid") setError("This link was used already or has expired. Ask for a new one.");
    else if (res.error.code === "validation_failed") setError("Choose a password of at least 8 characters.");
    else setError(res.error.message);
  }

  if (token === undefined) return <p className="mt-5 text-sm text-slate-500">Reading your link…</p>;
  if (token === null) {
    return (
      <div className="mt-5">
        <ErrorNote>This page needs the link from your reset mail; it ends with #tg_pwr_ and a long code.</ErrorNote>
      </div>
    );
  }
  if (done) {
    return (
      <p className="mt-5 text-sm text-slate-700" role="status" data-testid="password-reset-done">
        Your password is set. You were signed out everywhere and your personal access tokens were revoked.{" "}
        <a className="text-sky-800 underline" href="/login">Sign in</a> with the new password.
      </p>
    );
  }
  return (
    <form className="mt-5 flex flex-col gap-3" onSubmit={submit}>
      <Field label="New password" hint="At least 8 characters.">
        <TextInput type="password" autoComplete="new-password" minLength={8} required value={password} onChange={(e) => setPassword(e.target.value)} />
      </Field>
      {error ? <ErrorNote>{error}</ErrorNote> : null}
      <Button type="submit" disabled={busy}>
        Set the password
      </Button>
      <a className="text-sm text-sky-800 underline" href="/forgot-password">Ask for a new link</a>
    </form>
  );
}
