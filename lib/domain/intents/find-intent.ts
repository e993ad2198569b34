import type { Principal } from "../../auth/principal";
import type { OrgTx } from "../../db/scoped";
import { notFound } from "../../errors";
import type { RequestContext } from "../request-context";
import { type LoadedIntentRow, readIntentRow } from "./read-intent-row";
import { serializeIntent } from "./serialize-intent";

/** Agents see only their own intents (and leases); members see their org's. Anything else is a 404. */
export function visibleTo(auth: Principal) {
  return auth.kind === "agent" ? { agentId: auth.agentId } : {};
}

/** The intent with its relations (read-intent-row.ts: one statement), visible to the caller, or 404. */
export async function findIntentRow(ctx: RequestContext, intentId: string, tx?: OrgTx): Promise<LoadedIntentRow> {
  const row = await readIntentRow(ctx, intentId, tx);
  if (!row) throw notFound("Intent");
  return row;
}

/** GET /intents/{id}: the execution token is shown only to the agent that owns the intent. */
export async function getIntent(ctx: RequestContext, intentId: string) {
  return serializeIntent(await findIntentRow(ctx, intentId), { revealToken: ctx.principal.kind === "agent" });
}

/**
 * Locks the intent row for the rest of the transaction: every status change goes through here,
 * so of two concurrent resolutions or executions one waits, then sees the other's result.
 */
export async function lockIntent(ctx: RequestContext, tx: OrgTx, intentId: string): Promise<void> {
  const own = ctx.principal.kind === "agent" ? ctx.principal.agentId : null;
  const rows = await ctx.sql((p) => `SELECT id FROM intents WHERE id = ${p.add(intentId)} AND org_id = ${p.org}${own ? ` AND agent_id = ${p.add(own)}` : ""} FOR UPDATE`, tx);
  if (rows.length === 0) throw notFound("Intent");
}
