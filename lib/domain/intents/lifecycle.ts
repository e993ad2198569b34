import { canonicalJson } from "../../canonical-json";
import type { OrgTx } from "../../db/scoped";
import { type OrgParams, type SqlParams, insertCte, orgSql, utc } from "../../db/sql";
import { AppError } from "../../errors";
import type { Intent } from "../../generated/prisma/client";
import type { IntentStatus } from "../../generated/prisma/enums";
import type { PolicyDecision } from "../../policy";
import { auditAppendCtes } from "../audit/append-audit-event";
import type { EventType } from "../events/event-types";
import { eventCtes } from "../events/record-event";
import { applyLeaseResolution, lockRequestedLease } from "../leases/apply-lease-resolution";
import type { LeaseStrength } from "../leases/lease-strength";
import { type TokenToIssue, executionTokenCte, executionTokenExpiry } from "./issue-execution-token";
import { type DecisionEntry, type DecisionKind, decisionLogCte } from "./log-decision";

/** Who moves an intent: its agent, a member of the org, the sweeper (timeouts, token expiry), the policy at proposal. */
export type Mover = "agent" | "member" | "sweeper" | "system";

/** Who may make a transition; the timestamp column it sets; its decisions-log line; its audit type when not `intent.<to>`; its event. */
export interface Transition {
  by: readonly Mover[];
  stamp?: "resolvedAt" | "executedAt" | "completedAt" | "escalatedAt";
  decision?: DecisionKind;
  audit?: string;
  event: EventType;
}

const resolution = (by: Mover[], decision: DecisionKind): Transition => ({ by, stamp: "resolvedAt", decision, event: "intent.resolved" });
const execution: Transition = { by: ["agent"], stamp: "executedAt", decision: "execution", event: "intent.executing" };
const tokenLapsed: Transition = { by: ["sweeper"], event: "intent.expired" };
const completion: Transition = { by: ["agent"], stamp: "completedAt", event: "intent.completed" };

/**
 * Every step of an intent's life (API.md, Intents: "Only these transitions exist"), from `proposed`
 * (no row yet) on, plus the escalation of a pending item, which raises its role without a status change.
 * Cancels come from the agent, or from whoever revoked the lease a request was for.
 */
export const INTENT_TRANSITIONS: Partial<Record<IntentStatus | "proposed", Partial<Record<IntentStatus, Transition>>>> = {
  proposed: {
    allowed: { by: ["system"], decision: "policy", audit: "intent.proposed", event: "intent.resolved" },
    denied: { by: ["system"], decision: "policy", audit: "intent.proposed", event: "intent.resolved" },
    pending_approval: { by: ["system"], decision: "policy", audit: "intent.proposed", event: "intent.pending" },
  },
  pending_approval: {
    approved: resolution(["member"], "approval"),
    rejected: resolution(["member"], "rejection"),
    expired: resolution(["sweeper"], "timeout"),
    cancelled: resolution(["agent", "member"], "cancel"),
    pending_approval: { by: ["sweeper"], stamp: "escalatedAt", decision: "timeout", audit: "intent.escalated", event: "intent.escalated" },
  },
  allowed: { executing: execution, expired: tokenLapsed },
  approved: { executing: execution, expired: tokenLapsed },
  executing: { succeeded: completion, failed: completion },
};

/** The transition from → to, or the contract's refusal when there is none. */
export function transitionOf(from: IntentStatus | "proposed", to: IntentStatus): Transition {
  const transition = INTENT_TRANSITIONS[from]?.[to];
  if (transition) return transition;
  if (to === "executing") throw new AppError("not_executable", `Intent is ${from}, not allowed or approved`);
  if (to === "succeeded" || to === "failed") throw new AppError("not_executable", `Intent is ${from}; only an executing intent takes a result`);
  throw new AppError("already_resolved", `Intent is already ${from}`);
}

const MOVERS: Record<string, Mover> = { user: "member", agent: "agent" };
export const moverOf = (actor: DecisionEntry["actor"]): Mover => MOVERS[actor.type] ?? (actor.id === "sweeper" ? "sweeper" : "system");

export interface Move {
  actor: DecisionEntry["actor"];
  audit: Record<string, unknown>;
  /** The decisions-log line's reason, note, snapshot and data (and actor, when not the move's), for transitions that write one. */
  decision?: Partial<Omit<DecisionEntry, "kind">>;
  /** Columns written beside status and its stamp (an approval's token expiry, a result's error). */
  columns?: Partial<Intent>;
  at?: Date;
  /** The approvals that granted a lease request: the lease waives no gate stronger than these. */
  approvedBy?: LeaseStrength;
  /** The request was withdrawn because its lease was revoked: the lease has nothing to follow. */
  leaseRevoked?: boolean;
  /** The execution token this move issues (an approval that makes the intent executable), in the same statement. */
  token?: TokenToIssue;
}

type MovingIntent = { id: string; status: IntentStatus; action: string; leaseId: string | null; payload: unknown };

/**
 * The one way an intent moves after its proposal, in the caller's transaction (which holds the intent's
 * row lock): status and stamp, then decisions-log line, audit event and domain event with its webhook
 * outbox in one statement, then what follows: a lease request's outcome carries over to its lease
 * (notifications, issue 17, plug in beside it).
 */
export async function moveIntent(tx: OrgTx, orgId: string, intent: MovingIntent, to: IntentStatus, move: Move): Promise<void> {
  const transition = transitionOf(intent.status, to);
  if (!transition.by.includes(moverOf(move.actor))) throw new Error(`${moverOf(move.actor)} may not move an intent ${intent.status} → ${to}`);
  const resolvesLease = transition.stamp === "resolvedAt" && !move.leaseRevoked;
  // The lease's lock after the intent's (the caller holds that one), as before any write.
  if (resolvesLease) await lockRequestedLease(tx, orgId, intent);
  const now = new Date();
  const columns: Partial<Intent> = { status: to, ...(transition.stamp && { [transition.stamp]: move.at ?? now }), ...move.columns, updatedAt: now };
  // The row, the token it issues, its decisions-log line, audit event and domain event: one statement.
  await orgSql(orgId)((p) => {
    const written = moveCtes(p, orgId, intent, transition, to, move, now, null);
    const token = move.token ? [executionTokenCte(p, move.token, null)] : [];
    return `WITH ${[updateIntentCte(p, intent.id, columns), ...token, written.ctes].join(",\n")} SELECT ${written.notified}::int AS notified`;
  }, tx);
  if (resolvesLease) await applyLeaseResolution(tx, orgId, intent, to as "approved" | "rejected" | "expired" | "cancelled", move.actor, move.approvedBy);
}

/**
 * A move's decisions-log line, audit event and domain event with its webhook outbox, as CTEs of one
 * statement (nothing is written unless `gate` yields its row); `notified` goes in the final SELECT.
 */
export function moveCtes(p: SqlParams, orgId: string, intent: { id: string; action: string }, transition: Transition, to: IntentStatus, move: Move, at: Date, gate: string | null) {
  const line = transition.decision ? [decisionLogCte(p, orgId, intent.id, { kind: transition.decision, actor: move.actor, ...move.decision }, at, gate)] : [];
  const audit = auditAppendCtes(p, orgId, { actor: move.actor, type: transition.audit ?? `intent.${to}`, subject: { type: "intent", id: intent.id }, data: move.audit }, at, gate);
  const event = eventCtes(p, orgId, transition.event, { id: intent.id, status: to, action: intent.action }, at, gate);
  return { ctes: [...line, audit, event.ctes].join(",\n"), notified: event.notified };
}

const STATUS_BY_OUTCOME = { allow: "allowed", deny: "denied", require_approval: "pending_approval" } as const;

/** What the proposal's transition writes: the status the policy's outcome gives, and its stamps. */
export function proposed(outcome: PolicyDecision["outcome"], now: Date, issueToken: boolean) {
  const status = STATUS_BY_OUTCOME[outcome];
  const executable = status === "allowed" && issueToken;
  const expiresAt = executable ? executionTokenExpiry(now.getTime()) : null;
  return { status, resolvedAt: status === "pending_approval" ? null : now, executableAt: executable ? now : null, expiresAt };
}

/** The SQL type of each column of an intent that is not text. */
const COLUMN_TYPES: Partial<Record<keyof Intent, string>> = {
  status: '"IntentStatus"', stage: '"Stage"', outcome: '"Outcome"', approverRole: '"Role"', amount: "numeric", approvalsRequired: "int", remindersSent: "smallint",
  stepUpRequired: "boolean", separateDuties: "boolean", assignedOnly: "boolean", payload: "jsonb", summary: "jsonb", context: "jsonb", resultOutput: "jsonb",
  ...Object.fromEntries(["slaDeadline", "escalatedAt", "assignedAt", "resolvedAt", "executableAt", "expiresAt", "executedAt", "completedAt", "createdAt", "updatedAt"].map((c) => [c, "timestamp(3)"])),
};

/**
 * The proposal's insert (`intent`, returning its id and amount), every column of the row, as a CTE of the
 * one statement that records a proposal (record-intent.ts). JSON columns get the canonical text, exactly as submitted.
 */
export function insertIntentCte(p: SqlParams, intent: Intent, gate: string | null): string {
  return insertCte("intent", "intents", intentColumnsSql(p, intent), gate, "id, amount::text AS amount");
}

/** A move's UPDATE of the intent row (`intent_moved`), the given columns only, as a CTE. */
function updateIntentCte(p: OrgParams, intentId: string, columns: Partial<Intent>): string {
  const set = Object.entries(intentColumnsSql(p, columns)).map(([column, value]) => `${column} = ${value}`);
  return `intent_moved AS (UPDATE intents SET ${set.join(", ")} WHERE org_id = ${p.org} AND id = ${p.add(intentId)} RETURNING id)`;
}

/** Each given column of an intent row (Prisma's field names) → its SQL column and value expression. */
function intentColumnsSql(p: SqlParams, fields: Partial<Intent>): Record<string, string> {
  const columns = Object.entries(fields).map(([key, value]) => {
    const [column, type] = [key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), COLUMN_TYPES[key as keyof Intent]];
    if (key === "riskTags" || key === "reviewerGroups") return [column, `ARRAY(SELECT jsonb_array_elements_text(${p.add(JSON.stringify(value), "jsonb")}))`];
    // The payload may be JSON null: that is the jsonb value null, not SQL NULL.
    if (type === "jsonb") return [column, value === null && key !== "payload" ? "NULL" : p.add(canonicalJson(value), type)];
    if (type === "timestamp(3)") return [column, p.add(utc(value as Date | null), type)];
    return [column, p.add(value === null || value === undefined ? null : String(value), type)];
  });
  return Object.fromEntries(columns);
}
