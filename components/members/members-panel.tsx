"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import type { z } from "zod";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Field, SelectInput, TextInput } from "@/components/ui/form";
import { SecretCallout } from "@/components/ui/secret-callout";
import { EmptyState, ErrorNote } from "@/components/ui/states";
import { RowErrorNote, useRowActions } from "@/components/ui/row-actions";
import { callApi, describeApiError } from "@/lib/client/api-client";
import { peopleOperations } from "@/lib/http/operations/people";
import { utc } from "@/lib/format";
import { ROLES, type Role } from "@/lib/roles";
import { type InvitationRow, PendingInvitations } from "./pending-invitations";
import type { ZMember } from "@/lib/schemas/responses/people";

const ROLE_HINT: Record<Role, string> = {
  viewer: "reads everything",
  approver: "also resolves approvals",
  publisher: "also resolves step-up (publish) approvals",
  admin: "also manages members, agents and the policy",
};
const ROLE_TONE: Record<Role, "violet" | "gray"> = { viewer: "gray", approver: "gray", publisher: "gray", admin: "violet" };

export type MemberRow = z.output<typeof ZMember>;

/** The org's members; admins invite people (and revoke pending invitations), change roles and remove them. */
export function MembersPanel({ members, invitations, canManage, me }: { members: MemberRow[]; invitations: InvitationRow[]; canManage: boolean; me: string }) {
  const { busy, error: rowError, run } = useRowActions(describeApiError);
  const changeRole = (member: MemberRow, role: Role) => run(member.user_id, () => callApi(peopleOperations.updateMember, { params: { user_id: member.user_id }, body: { role } }));
  const remove = (member: MemberRow) => run(member.user_id, () => callApi(peopleOperations.removeMember, { params: { user_id: member.user_id } }));

  return (
    <div className="space-y-4">
      {canManage ? <InviteMemberForm /> : null}
      {canManage ? <PendingInvitations invitations={invitations} members={members} /> : null}
      {members.length === 0 ? (
        <EmptyState title="No members on this page" />
      ) : (
        <ul className="divide-y divide-slate-100 overflow-hidden rounded-lg border border-slate-200 bg-white" data-testid="member-list">
          {members.map((member) => {
            const isMe = member.user_id === me;
            return (
              <li key={member.user_id} className="px-4 py-3 text-sm" data-testid="member-row" data-user-id={member.user_id} data-email={member.email} data-role={member.role}>
                <div className="flex flex-col gap-2 sm:flex-row sm:items-center sm:justify-between">
                  <div className="min-w-0">
                    <p className="flex flex-wrap items-center gap-2">
                      <span className="break-all font-medium text-slate-900">{member.email}</span>
                      {isMe ? <Badge tone="blue">you</Badge> : null}
                    </p>
                    <p className="text-xs text-slate-500">
                      {member.name ? `${member.name} · ` : ""}joined {utc(member.created_at)}
                    </p>
                  </div>
                  <div className="flex shrink-0 flex-wrap items-center gap-2">
                    {canManage ? (
                      <>
                        <SelectInput
                          aria-label={`Role of ${member.email}`}
                          value={member.role}
                          disabled={busy === member.user_id}
                          onChange={(e) => changeRole(member, e.target.value as Role)}
                          className="w-auto"
                          data-testid="member-role"
                        >
                          {ROLES.map((r) => (
                            <option key={r} value={r}>
                              {r}
                            </option>
                          ))}
                        </SelectInput>
                        <ConfirmButton
                          label="Remove"
                          question={isMe ? "Remove yourself? You lose access to this organization." : `Remove ${member.email}? Their tokens stop working at once.`}
                          busy={busy === member.user_id}
                          testId="remove-member"
                          onConfirm={() => remove(member)}
                        />
                      </>
                    ) : (
                      <Badge tone={ROLE_TONE[member.role]} testId="member-role-badge">
                        {member.role}
                      </Badge>
                    )}
                  </div>
                </div>
                <RowErrorNote error={rowError} id={member.user_id} testId="member-error" />
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

function InviteMemberForm() {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("viewer");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [invited, setInvited] = useState<{ email: string; role: string; url: string } | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const res = await callApi(peopleOperations.inviteMember, { body: { email: email.trim(), role } });
    setBusy(false);
    if (!res.ok) return setError(res.error.code === "conflict" ? `${email.trim()} is already a member of this organization.` : describeApiError(res.error));
    setInvited({ email: res.data.email, role: res.data.role, url: res.data.accept_url });
    setEmail("");
    router.refresh();
  }

  return (
    <div className="space-y-3">
      {invited ? (
        <SecretCallout
          title={`Invitation link for ${invited.email} (${invited.role})`}
          secret={invited.url}
          note="Send this link to them: they choose their own password, or sign in if they already have an account. It works once, for 7 days, and is not shown again; if it is lost, invite them again."
          onDismiss={() => setInvited(null)}
        />
      ) : null}
      <form onSubmit={submit} className="rounded-lg border border-slate-200 bg-white p-4" data-testid="invite-member-form">
        <div className="grid gap-3 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_auto] sm:items-start">
          <Field label="Email">
            <TextInput type="email" value={email} onChange={(e) => setEmail(e.target.value)} required autoComplete="off" placeholder="name@company.com" data-testid="invite-email" />
          </Field>
          <Field label="Role" hint={ROLE_HINT[role]}>
            <SelectInput value={role} onChange={(e) => setRole(e.target.value as Role)} data-testid="invite-role">
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </SelectInput>
          </Field>
          <Button type="submit" className="sm:mt-5" disabled={busy || !email.trim()} data-testid="invite-member">
            {busy ? "Inviting…" : "Invite"}
          </Button>
        </div>
        <p className="mt-2 text-xs text-slate-500">You get a single-use link to send them; nobody gets an account until they open it.</p>
        {error ? (
          <div className="mt-3" data-testid="invite-member-error">
            <ErrorNote>{error}</ErrorNote>
          </div>
        ) : null}
      </form>
    </div>
  );
}
