import type { AgentPrincipal } from "../../auth/principal";
import { executionToken } from "../../auth/secret-token";
import { canonicalJson, hashCanonical } from "../../canonical-json";
import type { OrgTx } from "../../db/scoped";
import { SqlParams, type SqlRunner, insertCte, poolRunner, txRunner, utc } from "../../db/sql";
import { type Intent, Prisma } from "../../generated/prisma/client";
import { newId } from "../../ids";
import type { PolicyDecision } from "../../policy";
import type { TProposeIntent } from "../../schemas/intents";
import { auditAppendCtes } from "../audit/append-audit-event";
import { eventCtes } from "../events/record-event";
import { NO_POLICY_SNAPSHOT } from "../policies/active-policy";
import { defaultApprovalSlaMs } from "./intent-settings";
import { executionTokenExpiry } from "./issue-execution-token";
import { decisionLogCte } from "./log-decision";
import type { IntentRow } from "./serialize-intent";
import { sampledRule, shadowAndSampleCtes } from "./shadow-and-sample";

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
 * allowed, decisions-log line, shadow hits and review sample, audit event, domain event with its
 * webhook deliveries and NOTIFY — as ONE statement of data-modifying CTEs: atomic on the pg pool
 * without a transaction, or part of the caller's (txRunner). One round trip instead of a dozen is
 * most of what a proposal costs (BENCHMARKS.md).
 */
export async function recordIntent(tx: OrgTx, record: IntentRecord): Promise<RecordedIntent> {
  const recorded = await writeIntent(txRunner(tx), record, false);
  if (!recorded) throw new Error("An unguarded intent write wrote nothing");
  return recorded;
}

/**
 * The same write on its own (autocommit), made only while `record.policySnapshot` is still the
 * org's active policy, checked in the same statement: a caller that decided under a cached policy
 * gets null back (nothing written) when a newer one was published, and decides again.
 */
export function recordIntentUnderActivePolicy(record: IntentRecord): Promise<RecordedIntent | null> {
  return writeIntent(poolRunner, record, true);
}

async function writeIntent(run: SqlRunner, record: IntentRecord, guarded: boolean): Promise<RecordedIntent | null> {
  const intent = intentRow(record);
  const { auth, decision, policySnapshot } = record;
  const p = new SqlParams();
  const ctes: string[] = [];
  if (guarded) ctes.push(activePolicyGuard(p, auth.orgId, policySnapshot));
  ctes.push(insertIntentCte(p, intent, guarded ? "active_policy" : null));
  ctes.push(...shadowAndSampleCtes(p, auth.orgId, intent, decision, "intent"));
  const tokenId = intent.expiresAt ? newId("ext") : null;
  if (tokenId && intent.expiresAt) {
    ctes.push(insertCte("execution_token", "execution_tokens", {
      id: p.add(tokenId),
      org_id: p.add(auth.orgId),
      intent_id: p.add(intent.id),
      token_hash: p.add(executionToken(tokenId).hash),
      payload_hash: p.add(intent.payloadHash),
      policy_snapshot: p.add(policySnapshot),
      expires_at: p.add(utc(intent.expiresAt), "timestamp(3)"),
      created_at: p.add(utc(intent.createdAt), "timestamp(3)"),
    }, "intent"));
  }
  ctes.push(decisionLogCte(p, auth.orgId, intent.id, {
    kind: "policy",
    actor: { type: "policy", id: decision.ruleId },
    reason: decision.reason,
    policySnapshot,
    data: { outcome: decision.outcome, rule_id: decision.ruleId, reason_code: decision.reasonCode },
  }, intent.createdAt, "intent"));
  ctes.push(auditAppendCtes(p, auth.orgId, {
    actor: { type: "agent", id: auth.agentId },
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
  }, intent.createdAt, "intent"));
  const eventType = decision.outcome === "require_approval" ? "intent.pending" : "intent.resolved";
  const event = eventCtes(p, auth.orgId, eventType, { id: intent.id, status: intent.status, action: intent.action }, intent.createdAt, "intent");
  ctes.push(event.ctes);
  const rows = await run<{ amount: string | null }>(
    `WITH ${ctes.join(",\n")} SELECT intent.amount, ${event.notified}::int AS notified FROM intent`,
    p.values,
  );
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
  const executable = decision.outcome === "allow" && record.issueToken !== false;
  const pending = decision.outcome === "require_approval";
  return {
    id,
    orgId: auth.orgId,
    agentId: auth.agentId,
    status: STATUS_BY_OUTCOME[decision.outcome],
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
    slaDeadline: pending ? new Date(now.getTime() + (decision.slaSeconds ? decision.slaSeconds * 1000 : defaultApprovalSlaMs())) : null,
    onTimeout: decision.onTimeout,
    escalatedAt: null,
    recommendation: input.context?.recommendation ?? null,
    sampledRuleId: sampledRule(id, decision),
    resolvedAt: pending ? null : now,
    executableAt: executable ? now : null,
    expiresAt: executable ? executionTokenExpiry(now.getTime()) : null,
    executedAt: null,
    completedAt: null,
    resultOutput: null,
    resultError: null,
    createdAt: now,
    updatedAt: now,
  };
}

/** `active_policy` yields its row only while `snapshot` is the org's newest policy version (or "none"). */
function activePolicyGuard(p: SqlParams, orgId: string, snapshot: string): string {
  return `active_policy AS (
    SELECT 1 WHERE coalesce(
      (SELECT snapshot FROM policy_versions WHERE org_id = ${p.add(orgId)} ORDER BY version DESC LIMIT 1),
      ${p.add(NO_POLICY_SNAPSHOT)}) = ${p.add(snapshot)}
  )`;
}

/** The intent's insert (`intent`, returning its id and amount); JSON columns get the canonical text, exactly as submitted. */
function insertIntentCte(p: SqlParams, intent: Intent, gate: string | null): string {
  const json = (value: unknown) => (value === null ? "NULL" : p.add(canonicalJson(value), "jsonb"));
  const time = (value: Date | null) => p.add(utc(value), "timestamp(3)");
  return insertCte("intent", "intents", {
    id: p.add(intent.id),
    org_id: p.add(intent.orgId),
    agent_id: p.add(intent.agentId),
    status: p.add(intent.status, '"IntentStatus"'),
    action: p.add(intent.action),
    stage: p.add(intent.stage, '"Stage"'),
    environment: p.add(intent.environment),
    destination: p.add(intent.destination),
    amount: p.add(intent.amount?.toString() ?? null, "numeric"),
    currency: p.add(intent.currency),
    risk_tags: `ARRAY(SELECT jsonb_array_elements_text(${p.add(JSON.stringify(intent.riskTags), "jsonb")}))`,
    // The payload may be JSON null: that is the jsonb value null, not SQL NULL.
    payload: p.add(canonicalJson(intent.payload), "jsonb"),
    payload_hash: p.add(intent.payloadHash),
    summary: json(intent.summary),
    rationale: p.add(intent.rationale),
    context: json(intent.context),
    lease_id: p.add(intent.leaseId),
    resumes_id: p.add(intent.resumesId),
    idempotency_key: p.add(intent.idempotencyKey),
    request_hash: p.add(intent.requestHash),
    outcome: p.add(intent.outcome, '"Outcome"'),
    rule_id: p.add(intent.ruleId),
    reason: p.add(intent.reason),
    reason_code: p.add(intent.reasonCode),
    policy_snapshot: p.add(intent.policySnapshot),
    approvals_required: p.add(String(intent.approvalsRequired), "int"),
    approver_role: p.add(intent.approverRole, '"Role"'),
    step_up_required: p.add(String(intent.stepUpRequired), "boolean"),
    separate_duties: p.add(String(intent.separateDuties), "boolean"),
    sla_deadline: time(intent.slaDeadline),
    on_timeout: p.add(intent.onTimeout),
    recommendation: p.add(intent.recommendation),
    sampled_rule_id: p.add(intent.sampledRuleId),
    resolved_at: time(intent.resolvedAt),
    executable_at: time(intent.executableAt),
    expires_at: time(intent.expiresAt),
    created_at: time(intent.createdAt),
    updated_at: time(intent.updatedAt),
  }, gate, "id, amount::text AS amount");
}
