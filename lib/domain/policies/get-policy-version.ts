import { notFound } from "../../errors";
import type { RequestContext } from "../request-context";

/** One saved version of the org's policy, with its source text as it was submitted. */
export async function getPolicyVersion(ctx: RequestContext, version: number) {
  const row = Number.isInteger(version) && version >= 1 && version <= 2_147_483_647 ? await ctx.db.policyVersion.findFirst({ where: { version } }) : null;
  if (!row) throw notFound(`Policy version ${version}`);
  return {
    version: row.version,
    snapshot: row.snapshot,
    format: row.format,
    source: row.source,
    rules: row.rulesCount,
    created_by: row.createdById,
    created_at: row.createdAt.toISOString(),
  };
}
