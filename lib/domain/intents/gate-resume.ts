import type { OrgTx } from "../../db/scoped";
import { notFound } from "../../errors";
import type { PolicyDecision } from "../../policy";
import type { TProposeIntent } from "../../schemas/intents";
import type { AgentContext } from "../request-context";

const STOPPED = new Set(["rejected", "denied", "expired"]);

/**
 * A resume of a run that was stopped (rejected, denied or expired) goes back through a human,
 * whatever the policy would say on its own: stopping must never be silently undone. The reviewer
 * is told which intent stopped the run and why, also when the policy would have asked anyway.
 * A policy deny stays a deny; a resume of a run that was not stopped follows the policy.
 */
export async function gateResume(ctx: AgentContext, tx: OrgTx, input: TProposeIntent, decision: PolicyDecision): Promise<PolicyDecision> {
  if (!input.resumes) return decision;
  // Only the agent's own runs: another agent's intent is as unknown to it as any id (404).
  const original = await tx.intent.findFirst({
    where: { id: input.resumes, agentId: ctx.principal.agentId },
    select: {
      id: true,
      status: true,
      reason: true,
      approvals: { where: { decision: "reject" }, select: { reason: true } },
      decisionLogs: { where: { kind: "timeout" }, select: { reason: true } },
    },
  });
  if (!original) throw notFound("Resumed intent");
  if (input.stage !== "resume" || !STOPPED.has(original.status) || decision.outcome === "deny") return decision;
  return {
    ...decision,
    outcome: "require_approval",
    reasonCode: "approval_required",
    reason: `Resumes intent ${original.id}, which was ${original.status} (${whyStopped(original)}); a human must approve continuing`,
    approvalsRequired: Math.max(1, decision.approvalsRequired),
  };
}

function whyStopped(intent: { status: string; reason: string; approvals: { reason: string | null }[]; decisionLogs: { reason: string | null }[] }) {
  if (intent.status === "rejected") return intent.approvals[0]?.reason ?? "no reason given";
  if (intent.status === "denied") return intent.reason;
  return intent.decisionLogs[0]?.reason ?? "its execution token expired unused";
}
