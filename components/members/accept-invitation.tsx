"use client";

import { SessionProvider, signIn, signOut } from "next-auth/react";
import { type FormEvent, useEffect, useState } from "react";
import { LoginForm } from "@/components/layout/login-form";
import { Button } from "@/components/ui/button";
import { Field, TextInput } from "@/components/ui/form";
import { ErrorNote } from "@/components/ui/states";
import { type ApiErrorBody, callApi } from "@/lib/client/api-client";
import { peopleOperations } from "@/lib/http/operations/people";
import { useSwitchOrganization } from "@/lib/client/use-switch-organization";

// Kept for this tab while the person signs in (the sign-in round trip drops the URL's fragment).
const STORAGE_KEY = "tollgate.invitation";

/** Plain words for each refusal of POST /invitations/accept. */
function explain(error: ApiErrorBody, signedInAs: string | null): string {
  if (error.code === "invitation_invalid") return "This invitation link has already been used, was revoked or has expired. Ask an admin of the organization to invite you again.";
  if (error.code === "sign_in_required") {
    return signedInAs
      ? `This invitation was sent to another email address, not ${signedInAs}. Sign out, then open the link again and sign in as the invited address.`
      : "This email address already has a Tollgate account. Sign in with it below, then accept the invitation.";
  }
  if (error.code === "validation_failed" && signedInAs) {
    return `This invitation is for an email address that has no Tollgate account yet, not for ${signedInAs}. Sign out, then open the link again to choose a password.`;
  }
  if (error.code === "validation_failed") return "Choose a password of at least 8 characters.";
  if (error.code === "conflict") return "You are already a member of this organization.";
  if (error.code === "rate_limited") return "Too many attempts from here. Wait a minute, then try again.";
  return error.message;
}

export function AcceptInvitation(props: { signedInAs: string | null; sso: { id: string; name: string }[] }) {
  return (
    <SessionProvider>
      <Accept {...props} />
    </SessionProvider>
  );
}

function Accept({ signedInAs, sso }: { signedInAs: string | null; sso: { id: string; name: string }[] }) {
  // undefined until the link has been read in the browser.
  const [token, setToken] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    const fromLink = window.location.hash.slice(1);
    if (fromLink) {
      sessionStorage.setItem(STORAGE_KEY, fromLink);
      // Out of the address bar and the history, now that this tab holds it.
      window.history.replaceState(null, "", window.location.pathname);
    }
    setToken(fromLink || sessionStorage.getItem(STORAGE_KEY));
  }, []);

  if (token === undefined) return <p className="mt-5 text-sm text-slate-500">Reading your invitation…</p>;
  if (token === null) {
    return (
      <div className="mt-5" data-testid="invitation-missing">
        <ErrorNote>This page needs the link from your invitation. Open the link you were sent; it ends with #tg_inv_ and a long code.</ErrorNote>
      </div>
    );
  }
  return signedInAs ? <AcceptAsMe token={token} signedInAs={signedInAs} /> : <NewOrExisting token={token} sso={sso} />;
}

/** Opens the dashboard (in the organization just joined, once the session has moved there). */
function finish() {
  sessionStorage.removeItem(STORAGE_KEY);
  window.location.assign("/approvals");
}

function AcceptAsMe({ token, signedInAs }: { token: string; signedInAs: string }) {
  const { ready, switchTo } = useSwitchOrganization();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function accept() {
    setBusy(true);
    setError(null);
    const res = await callApi(peopleOperations.acceptInvitation, { body: { token } });
    if (!res.ok) {
      setBusy(false);
      return setError(explain(res.error, signedInAs));
    }
    if (await switchTo(res.data.org_id)) return finish();
    // Joined, so accepting again would be refused; the button stays disabled.
    setError("You have joined the organization, but this page could not open it. Choose it in the Organization menu at the top of the dashboard.");
  }

  return (
    <div className="mt-5 space-y-3" data-testid="accept-as-me">
      <p className="text-sm text-slate-700">
        You are signed in as <span className="font-medium text-slate-900">{signedInAs}</span>.
      </p>
      {error ? <ErrorNote>{error}</ErrorNote> : null}
      <Button className="w-full py-2" disabled={busy || !ready} onClick={accept} data-testid="accept-invitation">
        {busy ? "Joining…" : "Accept the invitation"}
      </Button>
      <Button variant="secondary" className="w-full py-2" disabled={busy} onClick={() => signOut({ callbackUrl: "/invite" })} data-testid="invite-sign-out">
        Not you? Sign out
      </Button>
    </div>
  );
}

function NewOrExisting({ token, sso }: { token: string; sso: { id: string; name: string }[] }) {
  const [password, setPassword] = useState("");
  const [again, setAgain] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function create(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (password !== again) return setError("The two passwords are not the same.");
    setBusy(true);
    const res = await callApi(peopleOperations.acceptInvitation, { body: { token, password } });
    if (!res.ok) {
      setBusy(false);
      return setError(explain(res.error, null));
    }
    const signedIn = await signIn("credentials", { email: res.data.email, password, redirect: false });
    if (!signedIn?.ok) {
      sessionStorage.removeItem(STORAGE_KEY);
      setBusy(false);
      return setError("Your account is ready, but signing in did not work. Sign in at the login page with your email and the password you chose.");
    }
    // A new account has this one membership, so signing in already opened it.
    return finish();
  }

  return (
    <div className="mt-5 space-y-6">
      <form onSubmit={create} className="space-y-3" data-testid="new-account-form">
        <h2 className="text-sm font-semibold text-slate-900">New to Tollgate? Choose a password</h2>
        <Field label="Password" hint="At least 8 characters.">
          <TextInput type="password" value={password} onChange={(e) => setPassword(e.target.value)} required minLength={8} autoComplete="new-password" data-testid="new-password" />
        </Field>
        <Field label="The same password again">
          <TextInput type="password" value={again} onChange={(e) => setAgain(e.target.value)} required minLength={8} autoComplete="new-password" data-testid="new-password-again" />
        </Field>
        {error ? (
          <div data-testid="accept-error">
            <ErrorNote>{error}</ErrorNote>
          </div>
        ) : null}
        <Button type="submit" className="w-full py-2" disabled={busy} data-testid="create-account">
          {busy ? "Creating your account…" : "Create my account and join"}
        </Button>
      </form>
      <div className="border-t border-slate-100 pt-4" data-testid="existing-account">
        <h2 className="text-sm font-semibold text-slate-900">Already have a Tollgate account?</h2>
        <p className="mt-1 text-sm text-slate-500">Sign in with it first, then accept the invitation as yourself.</p>
        <LoginForm sso={sso} next="/invite" />
      </div>
    </div>
  );
}
