type Approval = { count: number; min_role: string | null; step_up: boolean };

/** The approval behind a lease, in words: what it can wave through and what still goes to a human. */
export function describeApproval(approval: Approval, delegated: boolean): string {
  if (approval.count === 0 || approval.min_role === null) {
    return delegated
      ? "A lease it was delegated from has no recorded approval, so this lease waives no gates; everything gated still goes to the queue."
      : "Not granted by anyone yet, so it waives no gates; everything gated still goes to the queue.";
  }
  const who = `${approval.count} ${approval.count === 1 ? "approver" : "approvers"}`;
  const stepUp = approval.step_up ? ", with passkey step-up" : "";
  const chain = delegated ? " (the weakest approval along its delegation chain)" : "";
  return `Granted by ${who}, lowest role ${approval.min_role}${stepUp}${chain}. Covers run-stage gates up to that strength; stronger gates still go to the queue.`;
}

export function ApprovalStrength({ approval, delegated }: { approval: Approval; delegated: boolean }) {
  return (
    <p className="text-sm text-slate-700" data-testid="lease-approval">
      {describeApproval(approval, delegated)}
    </p>
  );
}
