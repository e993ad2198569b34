import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import type { OrgTx } from "../../db/scoped";
import { insertCte, utc } from "../../db/sql";
import { AppError, validationFailed } from "../../errors";
import { newId } from "../../ids";
import { roleAtLeast } from "../../roles";
import { appendAuditEvent } from "../audit/append-audit-event";
import { isLeaseRequest } from "../leases/lease-request-decision";
import { applySla } from "../intents/apply-sla";
import { assignIntent } from "./assign-reviewers";
import { countingApprovals, currentRoles, strengthOfApprovals } from "./counting-approvals";
import { verifyStepUp } from "../passkeys/step-up";
import { recordEvent } from "../events/record-event";
import { findIntentRow, lockIntent } from "../intents/find-intent";
import { executionTokenExpiry } from "../intents/issue-execution-token";
import { moveIntent, transitionOf } from "../intents/lifecycle";
import { logDecision } from "../intents/log-decision";
import { type IntentRow, serializeIntent } from "../intents/serialize-intent";
import type { UserContext } from "../request-context";

/** Approvals made this soon after the item appeared must say why (rubber-stamp guard). */
export const FAST_APPROVAL_WINDOW_MS = 10_000;

export type Resolution = "approve" | "reject";

export interface ResolveInput {
  decision: Resolution;
  reason?: string;
  note?: string;
  opened_at?: string;
  /** A WebAuthn assertion made for this very approval (dashboard sessions only). */
  stepUp?: { response: AuthenticationResponseJSON };
  via?: "api" | "dashboard" | "batch" | "slack";
}

/**
 * Approve or reject a pending intent as one human. The intent row is locked for the whole
 * check-and-write, so among concurrent resolutions exactly one changes the status and writes
 * its audit event; the others then see already_resolved (or already_approved_by_user).
 */
export async function resolveApproval(ctx: UserContext, intentId: string, input: ResolveInput) {
  // The answer is the intent as this resolution left it, read before the lock is released: read after
  // the commit, a second approver's commit could slip in between (on the embedded database, whose
  // sessions take turns, it always did), and the first approver would be told of an approval not theirs.
  const { row, outcome } = await ctx.tx(async (tx) => {
    const outcome = await resolveLocked(ctx, tx, intentId, input);
    return { row: await findIntentRow(ctx, intentId, tx), outcome };
  });
  // The assignee's approval did not complete the item: it goes to the next reviewer now.
  if (outcome === "released") await assignIntent(ctx.orgId, intentId, "approval_recorded");
  // The timeout (an expiry, or an escalation that then refused this caller) committed; the late resolution itself is refused.
  if (outcome === "expired") throw new AppError("approval_expired", "The item's SLA passed before this resolution; it has expired", { intent_id: intentId });
  if (outcome instanceof AppError) throw outcome;
  // The human whose approval completed the item gets the token in the response, as the contract says.
  return serializeIntent(row, { revealToken: outcome === true });
}

/**
 * The SLA holds at resolution time, whether or not a sweeper has run: an expiry commits and the
 * call is refused; an escalation raises the role first and commits even when it then refuses this
 * caller (the refusal comes back as a value, not thrown, so the transaction keeps the escalation).
 */
async function resolveLocked(ctx: UserContext, tx: OrgTx, intentId: string, input: ResolveInput): Promise<boolean | "released" | "expired" | AppError> {
  await lockIntent(ctx, tx, intentId);
  const intent = await findIntentRow(ctx, intentId, tx);
  transitionOf(intent.status, input.decision === "approve" ? "approved" : "rejected");
  const sla = await applySla(tx, ctx.orgId, intent, new Date());
  if (sla === "timedOut") return "expired";
  try {
    return await recordResolution(ctx, tx, intent, input);
  } catch (error) {
    if (sla === "escalated" && error instanceof AppError) return error;
    throw error;
  }
}

/** true: complete and executable (the token is in the answer); "released": recorded, and the assignee's turn is over. */
async function recordResolution(ctx: UserContext, tx: OrgTx, intent: IntentRow & { approvals: NonNullable<IntentRow["approvals"]> }, input: ResolveInput): Promise<boolean | "released"> {
  const auth = ctx.principal;
  const intentId = intent.id;
  // The agent's owner came with the intent's row (readIntentRow), read under the same lock: no second query.
  const owner = intent.agent ?? null;
  const roles = await currentRoles(ctx, tx, [...new Set([auth.userId, ...intent.approvals.map((a) => a.userId)])]);
  // The caller's role as of this transaction, not as of authentication: a demotion that committed since counts.
  const role = roles.get(auth.userId);
  if (!role || !roleAtLeast(role, intent.approverRole)) {
    throw new AppError("forbidden", `Resolving this item requires the ${intent.approverRole} role or higher`);
  }
  if (intent.separateDuties && input.decision === "approve" && owner?.ownerId === auth.userId) {
    throw new AppError("separation_of_duties", "You own the agent that proposed this; the rule needs someone else to approve it");
  }
  if (intent.assignedOnly && intent.assignedTo !== auth.userId) {
    throw new AppError("not_assigned", intent.assignedTo ? "The rule lets only the assigned reviewer resolve this item" : "The rule lets only an assigned reviewer resolve this item, and nobody eligible is assigned yet");
  }
  // Tokens alone can never resolve a step-up item, either way (API.md): both decisions need the passkey.
  const needsStepUp = intent.stepUpRequired;
  if (needsStepUp && !input.stepUp) {
    throw new AppError("step_up_required", "This item needs a fresh passkey confirmation in the dashboard; a token alone cannot resolve it");
  }
  if (intent.approvals.some((a) => a.userId === auth.userId && a.decision === "approve")) {
    throw new AppError("already_approved_by_user", "You have already approved this item; another person must approve it");
  }
  requireReason(input, intent.createdAt);
  const credentialId = needsStepUp && input.stepUp ? await verifyStepUp(ctx, tx, intent, input.stepUp.response) : null;

  // Raw SQL, not the ORM: this path's statements are its latency (BENCHMARKS.md, "Why approval took 43 ms").
  await ctx.sql((p) => `WITH ${insertCte("approval", "approvals", {
    id: p.add(newId("apr")),
    org_id: p.org,
    intent_id: p.add(intentId),
    user_id: p.add(auth.userId),
    decision: p.add(input.decision),
    reason: p.add(input.reason ?? null),
    note: p.add(input.note ?? null),
    via: p.add(input.via ?? "api"),
    credential_id: p.add(credentialId),
    intent_created_at: p.add(utc(intent.createdAt), "timestamp(3)"),
    action: p.add(intent.action),
    environment: p.add(intent.environment),
    agent_id: p.add(intent.agentId),
    created_at: p.add(utc(new Date()), "timestamp(3)"),
  }, null)} SELECT id FROM approval`, tx);
  const actor = { type: "user", id: auth.userId };
  const given = [...intent.approvals, { userId: auth.userId, decision: input.decision, credentialId }];
  const counting = countingApprovals(given, roles, intent, owner?.ownerId ?? null);
  const approvalsReceived = counting.length;
  const complete = input.decision === "reject" || approvalsReceived >= intent.approvalsRequired;
  const details = { reason: input.reason ?? null, note: input.note ?? null };
  const decision = {
    ...details,
    policySnapshot: intent.policySnapshot,
    data: { approvals_received: approvalsReceived, approvals_required: intent.approvalsRequired, via: input.via ?? "api" },
  };

  if (!complete) {
    // The assignee approved and another approval is needed: released here, assigned after the commit.
    const released = intent.assignedTo === auth.userId;
    if (released) await ctx.sql((p) => `UPDATE intents SET assigned_at = NULL WHERE org_id = ${p.org} AND id = ${p.add(intentId)} RETURNING id`, tx);
    await logDecision(tx, auth.orgId, intentId, { kind: "approval", actor, ...decision });
    await appendAuditEvent(tx, auth.orgId, {
      actor,
      type: "intent.approval_recorded",
      subject: { type: "intent", id: intentId },
      data: { ...details, approvals_received: approvalsReceived, approvals_required: intent.approvalsRequired },
    });
    await recordEvent(tx, auth.orgId, "intent.approval_recorded", { id: intentId, status: intent.status, action: intent.action });
    return released ? "released" : false;
  }

  const status = input.decision === "approve" ? "approved" : "rejected";
  const now = new Date();
  // An approval that makes the intent executable issues its token in the move's statement; a lease request's executes nothing.
  const token = status === "approved" && !isLeaseRequest(intent)
    ? { id: newId("ext"), intentId, payloadHash: intent.payloadHash, policySnapshot: intent.policySnapshot, expiresAt: executionTokenExpiry(now.getTime()), createdAt: now }
    : undefined;
  await moveIntent(tx, auth.orgId, intent, status, {
    actor,
    at: now,
    columns: token ? { expiresAt: token.expiresAt, executableAt: now } : {},
    token,
    decision,
    audit: { ...details, approvals_received: approvalsReceived, step_up_credential_id: credentialId },
    approvedBy: strengthOfApprovals(counting, roles),
  });
  return token !== undefined;
}

function requireReason(input: ResolveInput, createdAt: Date) {
  if (input.reason) return;
  if (input.decision === "reject") {
    throw validationFailed([{ path: ["reason"], message: "A reason is required to reject" }]);
  }
  const now = Date.now();
  if (now - createdAt.getTime() < FAST_APPROVAL_WINDOW_MS) {
    throw validationFailed([{ path: ["reason"], message: "A reason is required to approve within 10 seconds of the request" }]);
  }
  if (input.opened_at && now - new Date(input.opened_at).getTime() < FAST_APPROVAL_WINDOW_MS) {
    throw validationFailed([{ path: ["reason"], message: "A reason is required to approve within 10 seconds of opening the item" }]);
  }
}
