import type { UserPrincipal } from "../../auth/principal";
import { AppError } from "../../errors";
import { orgDb } from "../../db/scoped";
import { type Resolution, resolveApproval } from "./resolve-approval";

/**
 * POST /approvals/batch: one reason for many low-risk items, each resolved and audited on its own.
 * Step-up and multi-person items are refused per item: they deserve individual attention.
 */
export async function batchResolve(
  auth: UserPrincipal,
  input: { intent_ids: string[]; decision: Resolution; reason: string; note?: string },
) {
  const ids = [...new Set(input.intent_ids)];
  const gates = await orgDb(auth.orgId).intent.findMany({
    where: { id: { in: ids } },
    select: { id: true, stepUpRequired: true, approvalsRequired: true },
  });
  const gateById = new Map(gates.map((g) => [g.id, g]));
  const results = [];
  for (const id of ids) {
    results.push(await resolveOne(auth, id, gateById.get(id), input));
  }
  return {
    items: results,
    succeeded: results.filter((r) => r.ok).length,
    failed: results.filter((r) => !r.ok).length,
  };
}

async function resolveOne(
  auth: UserPrincipal,
  id: string,
  gate: { stepUpRequired: boolean; approvalsRequired: number } | undefined,
  input: { decision: Resolution; reason: string; note?: string },
) {
  try {
    if (gate?.stepUpRequired) throw new AppError("step_up_required", "Step-up items must be approved one at a time with a passkey");
    if (gate && gate.approvalsRequired > 1) {
      throw new AppError("forbidden", "Two-person items cannot be batch-resolved; open them individually");
    }
    const intent = await resolveApproval(auth, id, { ...input, via: "batch" });
    return { intent_id: id, ok: true as const, status: intent.status };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { intent_id: id, ok: false as const, status: null, error: { code: error.code, message: error.message } };
  }
}
