import type { Prisma } from "../../generated/prisma/client";
import { type Page, intCursor, pageOf } from "../pagination";
import { INTENT_INCLUDE, serializeIntent } from "../intents/serialize-intent";
import type { UserContext } from "../request-context";
import { approvalsCountingNow } from "./counting-approvals";

export interface QueueFilters {
  include_resolved: boolean;
  action?: string;
  agent?: string;
  environment?: string;
  risk_tag?: string;
}

type Row = Parameters<typeof serializeIntent>[0];

/** GET /approvals: the review queue, most urgent SLA first (resolved items newest first). */
export async function listApprovals(ctx: UserContext, filters: QueueFilters, page: Page) {
  const offset = intCursor(page.cursor) ?? 0;
  const where: Prisma.IntentWhereInput = {
    ...(filters.include_resolved ? { approvalsRequired: { gt: 0 } } : { status: "pending_approval" }),
    ...(filters.action ? { action: filters.action } : {}),
    ...(filters.agent ? { OR: [{ agentId: filters.agent }, { agent: { name: filters.agent } }] } : {}),
    ...(filters.environment ? { environment: filters.environment } : {}),
    ...(filters.risk_tag ? { riskTags: { has: filters.risk_tag } } : {}),
  };
  const rows = await ctx.db.intent.findMany({
    where,
    orderBy: filters.include_resolved
      ? [{ createdAt: "desc" }, { id: "desc" }]
      : [{ slaDeadline: { sort: "asc", nulls: "last" } }, { createdAt: "asc" }, { id: "asc" }],
    skip: offset,
    take: page.limit + 1,
    include: INTENT_INCLUDE,
  });
  const counted = await approvalsCountingNow(ctx, rows);
  return pageOf(rows, page.limit, () => String(offset + page.limit), (row) => queueItem(row, counted.get(row.id)));
}

/** A queue item; `approvalsReceived` is the number that counts now (approvalsCountingNow), else every approval given. */
export function queueItem(row: Row, approvalsReceived?: number) {
  const summary = (row.summary ?? {}) as { title?: string; why?: string; next_effect?: string };
  const agentName = row.agent?.name ?? row.agentId;
  return {
    intent: serializeIntent(row),
    decision_summary: {
      title: summary.title ?? `${row.action}${row.destination ? ` → ${row.destination}` : ""}`,
      why: summary.why ?? row.rationale ?? row.reason,
      next_effect: summary.next_effect ?? `${agentName} will perform ${row.action}${row.destination ? ` on ${row.destination}` : ""}`,
    },
    policy_rule_id: row.ruleId,
    policy_reason: row.reason,
    policy_snapshot: row.policySnapshot,
    payload_hash: row.payloadHash,
    approvals_required: row.approvalsRequired,
    approvals_received: approvalsReceived ?? (row.approvals ?? []).filter((a) => a.decision === "approve").length,
    sla_deadline: row.slaDeadline?.toISOString() ?? null,
    step_up_required: row.stepUpRequired,
  };
}
