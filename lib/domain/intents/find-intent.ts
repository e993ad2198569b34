import type { Principal } from "../../auth/principal";
import { type OrgTx, orgDb } from "../../db/scoped";
import { notFound } from "../../errors";
import { Prisma } from "../../generated/prisma/client";
import { INTENT_INCLUDE, serializeIntent } from "./serialize-intent";

/** Agents see only their own intents; members see their org's. Anything else is a 404. */
export function visibleTo(auth: Principal) {
  return auth.kind === "agent" ? { agentId: auth.agentId } : {};
}

export async function findIntentRow(auth: Principal, intentId: string, tx?: OrgTx) {
  const row = await (tx ?? orgDb(auth.orgId)).intent.findFirst({
    where: { id: intentId, ...visibleTo(auth) },
    include: INTENT_INCLUDE,
  });
  if (!row) throw notFound("Intent");
  return row;
}

/** GET /intents/{id}: the execution token is shown only to the agent that owns the intent. */
export async function getIntent(auth: Principal, intentId: string) {
  return serializeIntent(await findIntentRow(auth, intentId), { revealToken: auth.kind === "agent" });
}

/**
 * Locks the intent row for the rest of the transaction: every status change goes through here,
 * so of two concurrent resolutions or executions one waits, then sees the other's result.
 */
export async function lockIntent(tx: OrgTx, auth: Principal, intentId: string): Promise<void> {
  const ownAgent = auth.kind === "agent" ? Prisma.sql`AND agent_id = ${auth.agentId}` : Prisma.empty;
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM intents WHERE id = ${intentId} AND org_id = ${auth.orgId} ${ownAgent} FOR UPDATE`;
  if (rows.length === 0) throw notFound("Intent");
}
