import type { Prisma } from "../../generated/prisma/client";
import { type Page, pageOf } from "../pagination";
import { decodeCursor, encodeCursor } from "../intents/intent-cursor";
import { INTENT_INCLUDE, serializeIntent } from "../intents/serialize-intent";
import type { UserContext } from "../request-context";
import { approvalsCountingNow } from "./counting-approvals";
import { afterQueueKey, decodeQueueCursor, encodeQueueCursor } from "./queue-cursor";

export interface QueueFilters {
  include_resolved: boolean;
  action?: string;
  agent?: string;
  environment?: string;
  risk_tag?: string;
  assigned?: "me";
}

type Row = Parameters<typeof serializeIntent>[0];

/**
 * GET /approvals: the review queue, most urgent SLA first (resolved items newest first). Keyset
 * pages (the cursor is the last item's place in that order), so items resolved or added while a
 * reviewer pages through neither shift an item past the next page nor show one twice.
 */
export async function listApprovals(ctx: UserContext, filters: QueueFilters, page: Page) {
  const resolved = filters.include_resolved;
  // Each alternative is its own AND term, so the agent filter and the cursor cannot overwrite one another.
  const and: Prisma.IntentWhereInput[] = [];
  if (filters.agent) and.push({ OR: [{ agentId: filters.agent }, { agent: { name: filters.agent } }] });
  if (page.cursor && resolved) {
    const after = decodeCursor(page.cursor);
    and.push({ OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] });
  } else if (page.cursor) and.push(afterQueueKey(decodeQueueCursor(page.cursor)));
  const rows = await ctx.db.intent.findMany({
    where: {
      ...(resolved ? { approvalsRequired: { gt: 0 } } : { status: "pending_approval" }),
      ...(filters.action ? { action: filters.action } : {}),
      ...(filters.environment ? { environment: filters.environment } : {}),
      ...(filters.risk_tag ? { riskTags: { has: filters.risk_tag } } : {}),
      ...(filters.assigned === "me" ? { assignedTo: ctx.principal.userId } : {}),
      ...(and.length > 0 ? { AND: and } : {}),
    },
    orderBy: resolved ? [{ createdAt: "desc" }, { id: "desc" }] : [{ slaDeadline: { sort: "asc", nulls: "last" } }, { createdAt: "asc" }, { id: "asc" }],
    take: page.limit + 1,
    include: INTENT_INCLUDE,
  });
  const counted = await approvalsCountingNow(ctx, rows);
  return pageOf(rows, page.limit, resolved ? encodeCursor : encodeQueueCursor, (row) => queueItem(row, counted.get(row.id)));
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
    assigned_to: row.assignedTo,
    assigned_only: row.assignedOnly,
  };
}
