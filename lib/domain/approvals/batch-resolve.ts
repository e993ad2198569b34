import { AppError } from "../../errors";
import type { UserContext } from "../request-context";
import { type Resolution, resolveApproval } from "./resolve-approval";

/**
 * POST /approvals/batch: one reason for many low-risk items, each resolved and audited on its own.
 * Step-up and multi-person items are refused per item: they deserve individual attention.
 */
export async function batchResolve(
  ctx: UserContext,
  input: { intent_ids: string[]; decision: Resolution; reason: string; note?: string },
) {
  const ids = [...new Set(input.intent_ids)];
  const gates = await ctx.db.intent.findMany({
    where: { id: { in: ids } },
    select: { id: true, stepUpRequired: true, approvalsRequired: true },
  });
  const gateById = new Map(gates.map((g) => [g.id, g]));
  const results = [];
  for (const id of ids) {
    results.push(await resolveOne(ctx, id, gateById.get(id), input));
  }
  return {
    items: results,
    succeeded: results.filter((r) => r.ok).length,
    failed: results.filter((r) => !r.ok).length,
  };
}

async function resolveOne(
  ctx: UserContext,
  id: string,
  gate: { stepUpRequired: boolean; approvalsRequired: number } | undefined,
  input: { decision: Resolution; reason: string; note?: string },
) {
  try {
    if (gate?.stepUpRequired) throw new AppError("step_up_required", "Step-up items must be approved one at a time with a passkey");
    if (gate && gate.approvalsRequired > 1) {
      throw new AppError("forbidden", "Two-person items cannot be batch-resolved; open them individually");
    }
    const intent = await resolveApproval(ctx, id, { ...input, via: "batch" });
    return { intent_id: id, ok: true as const, status: intent.status };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { intent_id: id, ok: false as const, status: null, error: { code: error.code, message: error.message } };
  }
}
