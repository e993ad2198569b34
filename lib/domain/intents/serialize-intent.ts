import { executionToken } from "../../auth/secret-token";
import type { Intent } from "../../generated/prisma/client";
import type { TimeoutAction } from "../../policy/types";
import type { TIntentSummary } from "../../schemas/intents";
import { iso } from "../../time";
import { toNumber } from "./intent-facts";

export type IntentRow = Intent & {
  agent?: { id: string; name: string; ownerId?: string | null } | null;
  approvals?: {
    userId: string; decision: string; reason: string | null; note: string | null; createdAt: Date;
    credentialId?: string | null; user?: { email: string } | null;
  }[];
  executionTokens?: { id: string; usedAt: Date | null; expiresAt: Date }[];
};

export interface SerializeOptions {
  /** Show the execution token: only to the owning agent, or to the human whose approval issued it. */
  revealToken?: boolean;
}

/** The contract's intent object. */
export function serializeIntent(intent: IntentRow, options: SerializeOptions = {}) {
  const token = options.revealToken ? usableToken(intent) : null;
  return {
    id: intent.id,
    status: intent.status,
    action: intent.action,
    stage: intent.stage,
    environment: intent.environment,
    destination: intent.destination,
    amount: toNumber(intent.amount),
    currency: intent.currency,
    risk_tags: intent.riskTags,
    payload: intent.payload,
    payload_hash: intent.payloadHash,
    // JSON columns written from the validated proposal (ZProposeIntent).
    summary: (intent.summary ?? null) as TIntentSummary | null,
    rationale: intent.rationale,
    context: (intent.context ?? null) as Record<string, unknown> | null,
    lease_id: intent.leaseId,
    resumes: intent.resumesId,
    agent_id: intent.agentId,
    agent_name: intent.agent?.name ?? null,
    decision: {
      outcome: intent.outcome,
      rule_id: intent.ruleId,
      reason: intent.reason,
      reason_code: intent.reasonCode,
      policy_snapshot: intent.policySnapshot,
      approvals_required: intent.approvalsRequired,
      approver_role: intent.approverRole,
      step_up_required: intent.stepUpRequired,
      separate_duties: intent.separateDuties,
      sla_deadline: iso(intent.slaDeadline),
      on_timeout: intent.onTimeout as TimeoutAction,
      escalated_at: iso(intent.escalatedAt),
    },
    approvals: (intent.approvals ?? []).map((a) => ({
      user_id: a.userId,
      user_email: a.user?.email ?? null,
      decision: a.decision as "approve" | "reject",
      reason: a.reason,
      note: a.note,
      at: a.createdAt.toISOString(),
    })),
    ...(token ? { execution_token: executionToken(token.id).token } : {}),
    expires_at: iso(intent.expiresAt),
    resolved_at: iso(intent.resolvedAt),
    executed_at: iso(intent.executedAt),
    completed_at: iso(intent.completedAt),
    result:
      intent.status === "succeeded" || intent.status === "failed"
        ? { status: intent.status, output: intent.resultOutput ?? null, error: intent.resultError }
        : null,
    created_at: intent.createdAt.toISOString(),
    updated_at: intent.updatedAt.toISOString(),
  };
}

/** The unused, unexpired token of an intent that may execute now, if any. */
function usableToken(intent: IntentRow) {
  if (intent.status !== "allowed" && intent.status !== "approved") return null;
  const now = Date.now();
  return (intent.executionTokens ?? []).find((t) => !t.usedAt && t.expiresAt.getTime() > now) ?? null;
}

/** Relations every intent read loads, so serialization has what it needs in one query. */
export const INTENT_INCLUDE = {
  agent: { select: { id: true, name: true, ownerId: true } },
  approvals: { orderBy: { createdAt: "asc" as const }, include: { user: { select: { email: true } } } },
  executionTokens: { select: { id: true, usedAt: true, expiresAt: true } },
};
