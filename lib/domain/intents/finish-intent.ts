import type { AgentPrincipal } from "../../auth/principal";
import { writeExactJson } from "../../db/exact-json";
import { inOrgTx } from "../../db/scoped";
import { AppError } from "../../errors";
import { appendAuditEvent } from "../audit/append-audit-event";
import { applyLeaseResolution } from "../leases/apply-lease-resolution";
import { recordEvent } from "../events/record-event";
import { findIntentRow, lockIntent } from "./find-intent";
import { logDecision } from "./log-decision";
import { serializeIntent } from "./serialize-intent";

/** POST /intents/{id}/result: executing → succeeded | failed. */
export async function reportResult(
  auth: AgentPrincipal,
  intentId: string,
  input: { status: "succeeded" | "failed"; output?: Record<string, unknown>; error?: string },
) {
  await inOrgTx(auth.orgId, async (tx) => {
    await lockIntent(tx, auth, intentId);
    const intent = await findIntentRow(auth, intentId, tx);
    if (intent.status !== "executing") {
      throw new AppError("not_executable", `Intent is ${intent.status}; only an executing intent takes a result`);
    }
    await tx.intent.update({
      where: { id: intentId },
      data: {
        status: input.status,
        completedAt: new Date(),
        resultError: input.error ?? null,
      },
    });
    await writeExactJson(tx, "intents", { orgId: auth.orgId, id: intentId }, { result_output: input.output });
    await appendAuditEvent(tx, auth.orgId, {
      actor: { type: "agent", id: auth.agentId },
      type: `intent.${input.status}`,
      subject: { type: "intent", id: intentId },
      data: { error: input.error ?? null },
    });
    await recordEvent(tx, auth.orgId, "intent.completed", { id: intentId, status: input.status, action: intent.action });
  });
  return serializeIntent(await findIntentRow(auth, intentId));
}

/** POST /intents/{id}/cancel: the agent withdraws a pending proposal. */
export async function cancelIntent(auth: AgentPrincipal, intentId: string, input: { reason?: string }) {
  await inOrgTx(auth.orgId, async (tx) => {
    await lockIntent(tx, auth, intentId);
    const intent = await findIntentRow(auth, intentId, tx);
    if (intent.status !== "pending_approval") {
      throw new AppError("already_resolved", `Intent is already ${intent.status}`);
    }
    await tx.intent.update({ where: { id: intentId }, data: { status: "cancelled", resolvedAt: new Date() } });
    const actor = { type: "agent", id: auth.agentId };
    await applyLeaseResolution(tx, auth.orgId, intent, "cancelled", actor);
    await logDecision(tx, auth.orgId, intentId, { kind: "cancel", actor, reason: input.reason ?? null });
    await appendAuditEvent(tx, auth.orgId, {
      actor,
      type: "intent.cancelled",
      subject: { type: "intent", id: intentId },
      data: { reason: input.reason ?? null },
    });
    await recordEvent(tx, auth.orgId, "intent.resolved", { id: intentId, status: "cancelled", action: intent.action });
  });
  return serializeIntent(await findIntentRow(auth, intentId));
}
