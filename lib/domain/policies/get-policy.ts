import { notFound } from "../../errors";
import type { PolicyFormat } from "../../policy/parse-policy";
import { type Page, intCursor, pageOf } from "../pagination";
import type { RequestContext } from "../request-context";

/** GET /policy: the active document with its snapshot. */
export async function getPolicy(ctx: RequestContext) {
  const latest = await ctx.db.policyVersion.findFirst({ orderBy: { version: "desc" } });
  if (!latest) throw notFound("Policy (none has been saved; every intent currently requires approval)");
  return {
    version: latest.version,
    snapshot: latest.snapshot,
    format: latest.format as PolicyFormat,
    source: latest.source,
    document: latest.document as Record<string, unknown>,
    rules: latest.rulesCount,
    created_by: latest.createdById,
    created_at: latest.createdAt.toISOString(),
  };
}

/** GET /policy/versions: history, newest first. */
export async function listPolicyVersions(ctx: RequestContext, page: Page) {
  const before = intCursor(page.cursor);
  const rows = await ctx.db.policyVersion.findMany({
    where: before !== undefined ? { version: { lt: before } } : {},
    orderBy: { version: "desc" },
    take: page.limit + 1,
    select: { version: true, snapshot: true, rulesCount: true, createdById: true, createdAt: true, format: true },
  });
  return pageOf(rows, page.limit, (r) => String(r.version), (r) => ({
    version: r.version,
    snapshot: r.snapshot,
    format: r.format as PolicyFormat,
    rules: r.rulesCount,
    created_by: r.createdById,
    created_at: r.createdAt.toISOString(),
  }));
}
