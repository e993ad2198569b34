// What happens to an allowed or approved intent of the history, written as the server writes it:
// the agent spends the token (executeIntent) and reports the result (reportResult), or the token
// lapses unused and the sweeper expires the intent.
import type { HistoryContext, PlannedIntent } from "./history-context";
import { iso } from "./history-store";

export function recordExecution(ctx: HistoryContext, intent: PlannedIntent, at: number): void {
  const token = intent.token!;
  // executeIntent records the snapshot active when the token is spent.
  const snapshot = ctx.policyAt(at).snapshot;
  const actor = { type: "agent", id: intent.agentId };
  token.used_at = iso(at);
  Object.assign(intent.row, { status: "executing", executed_at: iso(at), updated_at: iso(at) });
  ctx.store.decision(at, intent.id, { kind: "execution", actor, policySnapshot: snapshot });
  ctx.store.audit(at, {
    actor, type: "intent.executing", subject: { type: "intent", id: intent.id },
    data: { payload_hash: intent.payloadHash, token_id: token.id, policy_snapshot: snapshot },
  });
  ctx.store.event(at, "intent.executing", { id: intent.id, status: "executing", action: intent.action });
}

export function recordResult(ctx: HistoryContext, intent: PlannedIntent, at: number, result: { output: Record<string, unknown> } | { error: string }): void {
  const status = "error" in result ? "failed" : "succeeded";
  const error = "error" in result ? result.error : null;
  Object.assign(intent.row, {
    status, completed_at: iso(at), result_error: error, result_output: "output" in result ? result.output : null, updated_at: iso(at),
  });
  ctx.store.audit(at, { actor: { type: "agent", id: intent.agentId }, type: `intent.${status}`, subject: { type: "intent", id: intent.id }, data: { error } });
  ctx.store.event(at, "intent.completed", { id: intent.id, status, action: intent.action });
}

/** The sweeper expired an allowed or approved intent whose token lapsed unused (resolved_at stays). */
export function recordTokenExpiry(ctx: HistoryContext, intent: PlannedIntent, at: number): void {
  const from = intent.row.status as string;
  const sweeper = { type: "system", id: "sweeper" };
  Object.assign(intent.row, { status: "expired", updated_at: iso(at) });
  ctx.store.audit(at, { actor: sweeper, type: "intent.expired", subject: { type: "intent", id: intent.id }, data: { from, why: "execution token expired unused" } });
  ctx.store.event(at, "intent.expired", { id: intent.id, status: "expired", action: intent.action });
}
