import type { Prisma } from "../../generated/prisma/client";
import type { IntentStatus } from "../../generated/prisma/enums";
import { type Page, pageOf } from "../pagination";
import type { RequestContext } from "../request-context";
import { decodeCursor, encodeCursor } from "./intent-cursor";
import { visibleTo } from "./find-intent";
import { INTENT_INCLUDE, serializeIntent } from "./serialize-intent";

export interface IntentFilters {
  status?: IntentStatus;
  action?: string;
  /** Agent name or id. */
  agent?: string;
  /** Free-text search (dashboard): an exact intent id, or a case-insensitive substring of the action. */
  q?: string;
}

/** GET /intents: newest first, keyset-paginated on (created_at, id) so deep pages stay fast. */
export async function listIntents(ctx: RequestContext, filters: IntentFilters, page: Page) {
  const after = page.cursor ? decodeCursor(page.cursor) : null;
  // Each alternative is its own AND term, so the agent filter, the search and the cursor cannot overwrite one another.
  const and: Prisma.IntentWhereInput[] = [];
  if (filters.agent) and.push({ OR: [{ agentId: filters.agent }, { agent: { name: filters.agent } }] });
  if (filters.q) and.push({ OR: [{ id: filters.q }, { action: { contains: filters.q, mode: "insensitive" } }] });
  if (after) and.push({ OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] });
  const rows = await ctx.db.intent.findMany({
    where: {
      ...visibleTo(ctx.principal),
      ...(filters.status ? { status: filters.status } : {}),
      ...(filters.action ? { action: filters.action } : {}),
      ...(and.length > 0 ? { AND: and } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: page.limit + 1,
    include: INTENT_INCLUDE,
  });
  return pageOf(rows, page.limit, encodeCursor, (row) => serializeIntent(row, { revealToken: ctx.principal.kind === "agent" }));
}
