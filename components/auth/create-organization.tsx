"use client";

import { SessionProvider, signOut } from "next-auth/react";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, TextInput } from "@/components/ui/form";
import { ErrorNote } from "@/components/ui/states";
import { callApi } from "@/lib/client/api-client";
import { useSwitchOrganization } from "@/lib/client/use-switch-organization";
import { accessOperations } from "@/lib/http/operations/access";

/** /organizations/new: POST /orgs, then the session moves to the new organization as the org switcher moves it. */
export function CreateOrganization({ signedInAs }: { signedInAs: string }) {
  return (
    <SessionProvider>
      <CreateForm signedInAs={signedInAs} />
    </SessionProvider>
  );
}

function CreateForm({ signedInAs }: { signedInAs: string }) {
  const { ready, switchTo } = useSwitchOrganization();
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const res = await callApi(accessOperations.createOrg, { body: { name } });
    if (!res.ok) {
      setBusy(false);
      if (res.error.code === "conflict") return setError("An organization has that name already. Choose another.");
      if (res.error.code === "email_unverified") return setError("Verify your email address first: follow the link we mailed you.");
      if (res.error.code === "signup_disabled") return setError("Creating organizations is turned off here. Ask an admin of an organization for an invitation.");
      if (res.error.code === "unauthorized") return setError("Your session has ended. Sign in again.");
      return setError(res.error.message);
    }
    if (await switchTo(res.data.org_id)) return window.location.assign("/approvals");
    // Created, so submitting again would be refused; the button stays disabled.
    setError(`${res.data.name} is created, but this page could not open it. Choose it in the Organization menu of the dashboard, or sign in again.`);
  }

  return (
    <form className="mt-5 flex flex-col gap-3" onSubmit={submit}>
      <p className="text-sm text-slate-700">
        Signed in as <span className="font-medium text-slate-900">{signedInAs}</span>. You will be the new organization's admin.
      </p>
      <Field label="Organization name">
        <TextInput type="text" required maxLength={100} autoComplete="organization" value={name} onChange={(e) => setName(e.target.value)} data-testid="org-name" />
      </Field>
      {error ? <ErrorNote>{error}</ErrorNote> : null}
      <Button type="submit" disabled={busy || !ready} data-testid="create-org">
        {busy ? "Creating…" : "Create the organization"}
      </Button>
      <Button variant="secondary" disabled={busy} onClick={() => signOut({ callbackUrl: "/login" })}>
        Sign out
      </Button>
    </form>
  );
}
