"use client";

import { type FormEvent, useState } from "react";
import { useLinkToken } from "./use-link-token";
import { Button } from "@/components/ui/button";
import { Field, TextInput } from "@/components/ui/form";
import { ErrorNote } from "@/components/ui/states";
import { callApi } from "@/lib/client/api-client";
import { accessOperations } from "@/lib/http/operations/access";

/** /signup: the answer is the same whether or not the email has an account, so the page says only "check your mail". */
export function SignUpForm() {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const res = await callApi(accessOperations.signup, { body: { email, password, ...(name.trim() ? { name } : {}) } });
    setBusy(false);
    if (res.ok) return setSent(true);
    if (res.error.code === "signup_disabled") setError("Sign-up is turned off here. Ask an admin of an organization for an invitation.");
    else if (res.error.code === "validation_failed") setError("Enter a valid email address and a password of at least 8 characters.");
    else if (res.error.code === "rate_limited") setError("Too many requests from here. Wait a minute, then try again.");
    else setError(res.error.message);
  }

  if (sent) {
    return (
      <p className="mt-5 text-sm text-slate-700" role="status" data-testid="signup-requested">
        Check your mail. We sent a message to {email}: follow its link within 24 hours to verify the address, then sign in. If that address has an account
        already, the message says so instead.
      </p>
    );
  }
  return (
    <form className="mt-5 flex flex-col gap-3" onSubmit={submit}>
      <Field label="Email">
        <TextInput type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </Field>
      <Field label="Password" hint="At least 8 characters.">
        <TextInput type="password" autoComplete="new-password" minLength={8} required value={password} onChange={(e) => setPassword(e.target.value)} />
      </Field>
      <Field label="Name (optional)">
        <TextInput type="text" autoComplete="name" maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      {error ? <ErrorNote>{error}</ErrorNote> : null}
      <Button type="submit" disabled={busy}>
        {busy ? "Creating your account…" : "Create my account"}
      </Button>
      <a className="text-sm text-sky-800 underline" href="/login">
        Have an account? Sign in
      </a>
    </form>
  );
}

/**
 * /verify-email#tg_vfy_…: the token stays in the fragment, which no server sees, and is sent only
 * when the person clicks (a mail scanner that opens the link verifies nothing).
 */
export function VerifyEmail() {
  const token = useLinkToken();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function verify() {
    if (!token) return;
    setBusy(true);
    setError(null);
    const res = await callApi(accessOperations.verifyEmail, { body: { token } });
    setBusy(false);
    if (res.ok) return setDone(true);
    if (res.error.code === "verification_invalid") setError("This link was used already or has expired. Sign up again for a new one, or sign in if you verified already.");
    else if (res.error.code === "rate_limited") setError("Too many requests from here. Wait a minute, then try again.");
    else setError(res.error.message);
  }

  if (token === undefined) return <p className="mt-5 text-sm text-slate-500">Reading your link…</p>;
  if (token === null) {
    return (
      <div className="mt-5">
        <ErrorNote>This page needs the link from your verification mail; it ends with #tg_vfy_ and a long code.</ErrorNote>
      </div>
    );
  }
  if (done) {
    return (
      <p className="mt-5 text-sm text-slate-700" role="status" data-testid="email-verified">
        Your email is verified.{" "}
        <a className="text-sky-800 underline" href="/login">
          Sign in
        </a>{" "}
        to create your organization.
      </p>
    );
  }
  return (
    <div className="mt-5 flex flex-col gap-3">
      <p className="text-sm text-slate-700">Verify only if you signed up to Tollgate yourself. If you did not, close this page: the account stays unusable.</p>
      {error ? <ErrorNote>{error}</ErrorNote> : null}
      <Button onClick={verify} disabled={busy} data-testid="verify-email">
        {busy ? "Verifying…" : "Verify my email"}
      </Button>
      <a className="text-sm text-sky-800 underline" href="/login">
        Back to sign-in
      </a>
    </div>
  );
}
