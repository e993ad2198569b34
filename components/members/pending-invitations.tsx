"use client";

import type { z } from "zod";
import { Badge } from "@/components/ui/badge";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { RowErrorNote, useRowActions } from "@/components/ui/row-actions";
import { callApi } from "@/lib/client/api-client";
import { peopleOperations } from "@/lib/http/operations/people";
import { utc } from "@/lib/format";
import type { ZInvitation } from "@/lib/schemas/responses/people";

export type InvitationRow = z.output<typeof ZInvitation>;

/** Invitations not yet accepted (admins): who, as what, by whom, until when; revoke kills the link at once. */
export function PendingInvitations({ invitations, members }: { invitations: InvitationRow[]; members: { user_id: string; email: string }[] }) {
  const { busy, error, run } = useRowActions();
  if (invitations.length === 0) return null;
  const emailOf = (userId: string) => members.find((m) => m.user_id === userId)?.email ?? "a former member";
  const revoke = (invitation: InvitationRow) =>
    run(invitation.invitation_id, () => callApi(peopleOperations.revokeInvitation, { params: { id: invitation.invitation_id } }));

  return (
    <section className="rounded-lg border border-slate-200 bg-white" data-testid="pending-invitations">
      <h2 className="border-b border-slate-100 px-4 py-2.5 text-sm font-semibold text-slate-900">Pending invitations</h2>
      <ul className="divide-y divide-slate-100">
        {invitations.map((invitation) => (
          <li key={invitation.invitation_id} className="px-4 py-3 text-sm" data-testid="invitation-row" data-invitation-id={invitation.invitation_id} data-email={invitation.email}>
            <div className="flex flex-col gap-2 sm:flex-row sm:items-center sm:justify-between">
              <div className="min-w-0">
                <p className="flex flex-wrap items-center gap-2">
                  <span className="break-all font-medium text-slate-900">{invitation.email}</span>
                  <Badge tone="gray">{invitation.role}</Badge>
                </p>
                <p className="text-xs text-slate-500">
                  invited by {emailOf(invitation.invited_by)} on {utc(invitation.created_at)} · link valid until {utc(invitation.expires_at)}
                </p>
              </div>
              <ConfirmButton
                label="Revoke"
                question={`Revoke the invitation for ${invitation.email}? The link stops working at once.`}
                busy={busy === invitation.invitation_id}
                testId="revoke-invitation"
                onConfirm={() => revoke(invitation)}
              />
            </div>
            <RowErrorNote error={error} id={invitation.invitation_id} testId="invitation-error" />
          </li>
        ))}
      </ul>
    </section>
  );
}
