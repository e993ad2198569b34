import { writeExactJson } from "../../db/exact-json";
import type { AgentContext } from "../request-context";
import { findIntentRow, lockIntent } from "./find-intent";
import { moveIntent } from "./lifecycle";
import { serializeIntent } from "./serialize-intent";

/** POST /intents/{id}/result: executing → succeeded | failed. */
export async function reportResult(
  ctx: AgentContext,
  intentId: string,
  input: { status: "succeeded" | "failed"; output?: Record<string, unknown>; error?: string },
) {
  await ctx.tx(async (tx) => {
    await lockIntent(ctx, tx, intentId);
    const intent = await findIntentRow(ctx, intentId, tx);
    await moveIntent(tx, ctx.orgId, intent, input.status, {
      actor: ctx.actor,
      columns: { resultError: input.error ?? null },
      audit: { error: input.error ?? null },
    });
    await writeExactJson(tx, "intents", { orgId: ctx.orgId, id: intentId }, { result_output: input.output });
  });
  return serializeIntent(await findIntentRow(ctx, intentId));
}

/** POST /intents/{id}/cancel: the agent withdraws a pending proposal. */
export async function cancelIntent(ctx: AgentContext, intentId: string, input: { reason?: string }) {
  await ctx.tx(async (tx) => {
    await lockIntent(ctx, tx, intentId);
    const intent = await findIntentRow(ctx, intentId, tx);
    const reason = input.reason ?? null;
    await moveIntent(tx, ctx.orgId, intent, "cancelled", { actor: ctx.actor, decision: { reason }, audit: { reason } });
  });
  return serializeIntent(await findIntentRow(ctx, intentId));
}
