import type { AgentPrincipal } from "../../auth/principal";
import { setting } from "../../config.mjs";
import { hashCanonical } from "../../canonical-json";
import type { OrgTx } from "../../db/scoped";
import { type OrgParams, orgSql } from "../../db/sql";
import { type Intent, Prisma } from "../../generated/prisma/client";
import { newId } from "../../ids";
import type { PolicyDecision } from "../../policy";
import type { TProposeIntent } from "../../schemas/intents";
import { NO_POLICY_SNAPSHOT } from "../policies/active-policy";
import { executionTokenCte } from "./issue-execution-token";
import { insertIntentCte, moveCtes, proposed, transitionOf } from "./lifecycle";
import type { IntentRow } from "./serialize-intent";
import { sampledRule, shadowAndSampleCtes } from "./shadow-and-sample";

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
 * allowed, decisions-log line, shadow hits and review sample, audit event, domain event with its
 * webhook deliveries and NOTIFY — as ONE statement of data-modifying CTEs: atomic on the pg pool
 * without a transaction, or part of the caller's. One round trip instead of a dozen is
 * most of what a proposal costs (BENCHMARKS.md).
 */
export async function recordIntent(tx: OrgTx, record: IntentRecord): Promise<RecordedIntent> {
  const recorded = await writeIntent(record, false, tx);
  if (!recorded) throw new Error("An unguarded intent write wrote nothing");
  return recorded;
}

/**
 * The same write on its own (autocommit), made only while `record.policySnapshot` is still the
 * org's active policy, checked in the same statement: a caller that decided under a cached policy
 * gets null back (nothing written) when a newer one was published, and decides again.
 */
export function recordIntentUnderActivePolicy(record: IntentRecord): Promise<RecordedIntent | null> {
  return writeIntent(record, true);
}

async function writeIntent(record: IntentRecord, guarded: boolean, tx?: OrgTx): Promise<RecordedIntent | null> {
  const intent = intentRow(record);
  const { auth, decision, policySnapshot } = record;
  const tokenId = intent.expiresAt ? newId("ext") : null;
  const build = (p: OrgParams) => {
    const ctes: string[] = [];
    if (guarded) ctes.push(activePolicyGuard(p, policySnapshot));
    ctes.push(insertIntentCte(p, intent, guarded ? "active_policy" : null));
    ctes.push(...shadowAndSampleCtes(p, auth.orgId, intent, decision, "intent"));
    if (tokenId && intent.expiresAt) {
      const token = { id: tokenId, intentId: intent.id, payloadHash: intent.payloadHash, policySnapshot, expiresAt: intent.expiresAt, createdAt: intent.createdAt };
      ctes.push(executionTokenCte(p, token, "intent"));
    }
    const { outcome, ruleId: rule_id, reasonCode: reason_code } = decision;
    const proposal = moveCtes(p, auth.orgId, intent, transitionOf("proposed", intent.status), intent.status, {
      actor: { type: "agent", id: auth.agentId },
      decision: { actor: { type: "policy", id: rule_id }, reason: decision.reason, policySnapshot, data: { outcome, rule_id, reason_code } },
      audit: { action: intent.action, stage: intent.stage, payload_hash: intent.payloadHash, outcome, rule_id, reason_code, policy_snapshot: policySnapshot, status: intent.status },
    }, intent.createdAt, "intent");
    ctes.push(proposal.ctes);
    return `WITH ${ctes.join(",\n")} SELECT intent.amount, ${proposal.notified}::int AS notified FROM intent`;
  };
  const rows = await orgSql(auth.orgId)<{ amount: string | null }>(build, tx);
  const written = rows[0];
  if (!written) return null;
  // Everything a read would load, from what was just written; the amount as the column rounded it.
  const row: IntentRow = {
    ...intent,
    amount: written.amount === null ? null : new Prisma.Decimal(written.amount),
    agent: { id: auth.agentId, name: auth.agentName },
    approvals: [],
    executionTokens: tokenId && intent.expiresAt ? [{ id: tokenId, usedAt: null, expiresAt: intent.expiresAt }] : [],
  };
  return { id: intent.id, row };
}

/**
 * The intent's row as it will be stored (every column, so nothing needs reading back). `id` and
 * `now` are given only by the demo seed, which writes a backdated history of such rows in bulk.
 */
export function intentRow(record: IntentRecord, id = newId("int"), now = new Date()): Intent {
  const { auth, input, decision, policySnapshot } = record;
  const pending = decision.outcome === "require_approval";
  return {
    id,
    orgId: auth.orgId,
    agentId: auth.agentId,
    // status, resolvedAt, executableAt, expiresAt: what the proposal's transition writes (lifecycle.ts).
    ...proposed(decision.outcome, now, record.issueToken !== false),
    action: input.action,
    stage: input.stage,
    environment: input.environment ?? null,
    destination: input.destination ?? null,
    amount: input.amount === undefined || input.amount === null ? null : new Prisma.Decimal(input.amount),
    currency: input.currency?.toUpperCase() ?? null,
    riskTags: input.risk_tags,
    payload: input.payload as Prisma.JsonValue,
    payloadHash: hashCanonical(input.payload),
    summary: (input.summary ?? null) as Prisma.JsonValue,
    rationale: input.rationale ?? null,
    context: (input.context ?? null) as Prisma.JsonValue,
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
    separateDuties: pending && decision.separateDuties === true,
    reviewerGroups: pending ? [...decision.reviewerGroups] : [],
    assignedOnly: pending && decision.assignedOnly === true,
    // The assigner (assign-reviewers.ts) picks the reviewer after commit, off the proposal's path.
    assignedTo: null,
    assignedAt: null,
    remindersSent: 0,
    slaDeadline: pending ? new Date(now.getTime() + (decision.slaSeconds || setting("DEFAULT_APPROVAL_SLA_SECONDS")) * 1000) : null,
    onTimeout: decision.onTimeout,
    escalatedAt: null,
    recommendation: input.context?.recommendation ?? null,
    sampledRuleId: sampledRule(id, decision),
    executedAt: null,
    completedAt: null,
    resultOutput: null,
    resultError: null,
    createdAt: now,
    updatedAt: now,
  };
}

/** `active_policy` yields its row only while `snapshot` is the org's newest policy version (or "none"). */
function activePolicyGuard(p: OrgParams, snapshot: string): string {
  return `active_policy AS (
    SELECT 1 WHERE coalesce(
      (SELECT snapshot FROM policy_versions WHERE org_id = ${p.org} ORDER BY version DESC LIMIT 1),
      ${p.add(NO_POLICY_SNAPSHOT)}) = ${p.add(snapshot)}
  )`;
}
