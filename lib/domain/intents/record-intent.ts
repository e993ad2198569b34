import type { AgentPrincipal } from "../../auth/principal";
import { hashCanonical } from "../../canonical-json";
import { writeExactJson } from "../../db/exact-json";
import type { OrgTx } from "../../db/scoped";
import { newId } from "../../ids";
import type { Prisma } from "../../generated/prisma/client";
import type { PolicyDecision } from "../../policy";
import type { TProposeIntent } from "../../schemas/intents";
import { appendAuditEvent } from "../audit/append-audit-event";
import { recordEvent } from "../events/record-event";
import { defaultApprovalSlaMs } from "./intent-settings";
import { executionTokenExpiry, issueExecutionToken } from "./issue-execution-token";
import { logDecision } from "./log-decision";
import type { IntentRow } from "./serialize-intent";
import { recordShadowAndSample } from "./shadow-and-sample";

const STATUS_BY_OUTCOME = { allow: "allowed", deny: "denied", require_approval: "pending_approval" } as const;

export interface IntentRecord {
  auth: AgentPrincipal;
  input: TProposeIntent;
  decision: PolicyDecision;
  policySnapshot: string;
  idempotencyKey?: string | null;
  requestHash?: string | null;
  /** Lease requests and renewals execute nothing, so they get no execution token. */
  issueToken?: boolean;
}

/** The recorded intent's id, and its row with the relations serializeIntent reads. */
export interface RecordedIntent {
  id: string;
  row: IntentRow;
}

/**
 * Writes a decided intent with everything that goes with it — exact JSON, execution token when
 * allowed, decisions-log line, audit event, domain event — inside the caller's transaction.
 */
export async function recordIntent(tx: OrgTx, record: IntentRecord): Promise<RecordedIntent> {
  const { auth, input, decision, policySnapshot } = record;
  const now = new Date();
  const executable = decision.outcome === "allow" && record.issueToken !== false;
  const tokenExpiresAt = executable ? executionTokenExpiry(now.getTime()) : null;
  const intent = await tx.intent.create({
    data: {
      id: newId("int"),
      orgId: auth.orgId,
      agentId: auth.agentId,
      status: STATUS_BY_OUTCOME[decision.outcome],
      action: input.action,
      stage: input.stage,
      environment: input.environment ?? null,
      destination: input.destination ?? null,
      amount: input.amount ?? null,
      currency: input.currency?.toUpperCase() ?? null,
      riskTags: input.risk_tags,
      // The JSON columns are written exactly just below (writeExactJson); placeholders here.
      payload: {},
      payloadHash: hashCanonical(input.payload),
      rationale: input.rationale ?? null,
      leaseId: input.lease_id ?? null,
      resumesId: input.resumes ?? null,
      idempotencyKey: record.idempotencyKey ?? null,
      requestHash: record.requestHash ?? null,
      outcome: decision.outcome,
      ruleId: decision.ruleId,
      reason: decision.reason,
      reasonCode: decision.reasonCode,
      policySnapshot,
      approvalsRequired: decision.approvalsRequired,
      approverRole: decision.approverRole,
      stepUpRequired: decision.stepUpRequired,
      onTimeout: decision.onTimeout,
      slaDeadline:
        decision.outcome === "require_approval"
          ? new Date(now.getTime() + (decision.slaSeconds ? decision.slaSeconds * 1000 : defaultApprovalSlaMs()))
          : null,
      resolvedAt: decision.outcome === "require_approval" ? null : now,
      executableAt: executable ? now : null,
      expiresAt: tokenExpiresAt,
      recommendation: input.context?.recommendation ?? null,
      createdAt: now,
    },
  });
  await writeExactJson(tx, "intents", { orgId: auth.orgId, id: intent.id }, {
    payload: input.payload,
    summary: input.summary ?? undefined,
    context: input.context ?? undefined,
  });
  await recordShadowAndSample(tx, auth.orgId, intent, decision);
  const token = tokenExpiresAt ? await issueExecutionToken(tx, auth.orgId, intent, tokenExpiresAt) : null;
  const actor = { type: "agent", id: auth.agentId };
  await logDecision(tx, auth.orgId, intent.id, {
    kind: "policy",
    actor: { type: "policy", id: decision.ruleId },
    reason: decision.reason,
    policySnapshot,
    data: { outcome: decision.outcome, rule_id: decision.ruleId, reason_code: decision.reasonCode },
  });
  await appendAuditEvent(tx, auth.orgId, {
    actor,
    type: "intent.proposed",
    subject: { type: "intent", id: intent.id },
    data: {
      action: intent.action,
      stage: intent.stage,
      payload_hash: intent.payloadHash,
      outcome: decision.outcome,
      rule_id: decision.ruleId,
      reason_code: decision.reasonCode,
      policy_snapshot: policySnapshot,
      status: intent.status,
    },
  });
  const eventType = decision.outcome === "require_approval" ? "intent.pending" : "intent.resolved";
  await recordEvent(tx, auth.orgId, eventType, { id: intent.id, status: intent.status, action: intent.action });
  // Everything a read would load, from what was just written (the JSON columns hold these values).
  const row = {
    ...intent,
    payload: input.payload as Prisma.JsonValue,
    summary: (input.summary ?? null) as Prisma.JsonValue,
    context: (input.context ?? null) as Prisma.JsonValue,
    agent: { id: auth.agentId, name: auth.agentName },
    approvals: [],
    executionTokens: token ? [{ id: token.id, usedAt: null, expiresAt: token.expiresAt }] : [],
  };
  return { id: intent.id, row };
}
