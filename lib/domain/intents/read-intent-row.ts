import { Prisma } from "../../generated/prisma/client";
import type { Intent } from "../../generated/prisma/client";
import type { OrgTx } from "../../db/scoped";
import type { RequestContext } from "../request-context";
import type { IntentRow } from "./serialize-intent";

// An intent with what serialization needs (its agent, its approvals with their givers' emails, its
// execution tokens) in one statement: the ORM's include of the same is five queries, each compiled
// on the event loop, and every approval, execution and long-poll answer reads it (BENCHMARKS.md,
// "Why approval took 43 ms"). tests/integration/read-intent-row.test.ts holds it equal to the ORM's
// read for intents in every state.

type Json = Record<string, unknown>;

/** IntentRow with its relations loaded. */
export type LoadedIntentRow = IntentRow & Required<Pick<IntentRow, "agent" | "approvals" | "executionTokens">>;

/** Columns whose JSON text is a TIMESTAMP(3) (stored as UTC, rendered without a zone). */
const INTENT_TIMES = ["slaDeadline", "escalatedAt", "assignedAt", "resolvedAt", "executableAt", "expiresAt", "executedAt", "completedAt", "createdAt", "updatedAt"];

const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const utcDate = (text: unknown) => (text === null || text === undefined ? null : new Date(`${text as string}Z`));

function intentOf(columns: Json): Intent {
  const row: Json = {};
  for (const [column, value] of Object.entries(columns)) row[camel(column)] = value;
  for (const field of INTENT_TIMES) row[field] = utcDate(row[field]);
  // numeric renders exactly in JSON text only as a string: to_jsonb keeps it a number, so it is read from its text column.
  row.amount = columns.amount_text === null ? null : new Prisma.Decimal(columns.amount_text as string);
  delete row.amountText;
  return row as unknown as Intent;
}

/**
 * The intent `intentId` of the caller's org as IntentRow, or null; an agent sees only its own.
 * Run in `tx` after lockIntent so it reads what the lock's holder committed (a statement of its own:
 * one that locked and read at once would read the approvals from before its wait).
 */
export async function readIntentRow(ctx: RequestContext, intentId: string, tx?: OrgTx): Promise<LoadedIntentRow | null> {
  const own = ctx.principal.kind === "agent" ? ctx.principal.agentId : null;
  const rows = await ctx.sql<{ intent: Json; agent: Json | null; approvals: Json[]; tokens: Json[] }>(
    (p) => `SELECT to_jsonb(i) - 'amount' || jsonb_build_object('amount_text', i.amount::text) AS intent,
      (SELECT jsonb_build_object('id', a.id, 'name', a.name, 'ownerId', a.owner_id) FROM agents a WHERE a.org_id = i.org_id AND a.id = i.agent_id) AS agent,
      (SELECT coalesce(jsonb_agg(jsonb_build_object('userId', v.user_id, 'decision', v.decision, 'reason', v.reason, 'note', v.note,
          'createdAt', v.created_at, 'credentialId', v.credential_id, 'email', u.email) ORDER BY v.created_at, v.id), '[]'::jsonb)
        FROM approvals v LEFT JOIN users u ON u.id = v.user_id WHERE v.org_id = i.org_id AND v.intent_id = i.id) AS approvals,
      (SELECT coalesce(jsonb_agg(jsonb_build_object('id', t.id, 'usedAt', t.used_at, 'expiresAt', t.expires_at) ORDER BY t.created_at, t.id), '[]'::jsonb)
        FROM execution_tokens t WHERE t.org_id = i.org_id AND t.intent_id = i.id) AS tokens
    FROM intents i WHERE i.org_id = ${p.org} AND i.id = ${p.add(intentId)}${own ? ` AND i.agent_id = ${p.add(own)}` : ""}`,
    tx,
  );
  const found = rows[0];
  if (!found) return null;
  return {
    ...intentOf(found.intent),
    agent: found.agent ? { id: found.agent.id as string, name: found.agent.name as string, ownerId: (found.agent.ownerId as string | null) ?? null } : null,
    approvals: found.approvals.map((a) => ({
      userId: a.userId as string,
      decision: a.decision as string,
      reason: a.reason as string | null,
      note: a.note as string | null,
      createdAt: utcDate(a.createdAt) as Date,
      credentialId: a.credentialId as string | null,
      user: a.email === null ? null : { email: a.email as string },
    })),
    executionTokens: found.tokens.map((t) => ({ id: t.id as string, usedAt: utcDate(t.usedAt), expiresAt: utcDate(t.expiresAt) as Date })),
  };
}
