import { type OrgTx, orgDb } from "../../db/scoped";
import { orgSql } from "../../db/sql";
import { type CompiledPolicy, type PolicyDocument, compilePolicy, validatePolicy } from "../../policy";

export interface ActivePolicy {
  snapshot: string;
  version: number;
  compiled: CompiledPolicy | null;
}

/** Snapshots are content addresses, so a compiled policy never goes stale: cache by snapshot. */
const compiledBySnapshot = new Map<string, CompiledPolicy | null>();
const CACHE_LIMIT = 500;

/** "No policy" is a real state: the engine then fails closed (require_approval). */
export const NO_POLICY_SNAPSHOT = "sha256:none";

/**
 * The org's current policy (the highest version), compiled once per snapshot per process.
 * Reads through the caller's transaction when given one, so a decision and the snapshot it
 * records come from the same view of the database.
 */
export async function activePolicy(orgId: string, tx?: OrgTx): Promise<ActivePolicy> {
  const client = tx ?? orgDb(orgId);
  const latest = await client.policyVersion.findFirst({
    orderBy: { version: "desc" },
    select: { id: true, snapshot: true, version: true },
  });
  if (!latest) return { snapshot: NO_POLICY_SNAPSHOT, version: 0, compiled: null };
  if (!compiledBySnapshot.has(latest.snapshot)) {
    const row = await client.policyVersion.findFirstOrThrow({ where: { id: latest.id }, select: { document: true } });
    remember(latest.snapshot, compileStored(row.document));
  }
  return { snapshot: latest.snapshot, version: latest.version, compiled: compiledBySnapshot.get(latest.snapshot) ?? null };
}

/** A stored document that no longer validates (say, after an engine upgrade) compiles to null: fail closed. */
export function compileStored(document: unknown): CompiledPolicy | null {
  const checked = validatePolicy(document);
  return checked.ok ? compilePolicy(checked.document as PolicyDocument) : null;
}

function remember(snapshot: string, compiled: CompiledPolicy | null) {
  if (compiledBySnapshot.size >= CACHE_LIMIT) {
    const oldest = compiledBySnapshot.keys().next().value;
    if (oldest !== undefined) compiledBySnapshot.delete(oldest);
  }
  compiledBySnapshot.set(snapshot, compiled);
}

/** The last active policy seen per org (bounded like the compiled cache). */
const lastSeenByOrg = new Map<string, ActivePolicy>();

/**
 * The org's active policy as this process last saw it, read (one plain query) when unknown or
 * when `refresh` is set. It may be stale: use it only where the write checks the snapshot in
 * the same statement (recordIntent's onlyUnderActivePolicy) and decides again when it moved.
 */
export async function lastSeenActivePolicy(orgId: string, refresh = false): Promise<ActivePolicy> {
  const seen = lastSeenByOrg.get(orgId);
  if (seen && !refresh) return seen;
  const [latest] = await orgSql(orgId)<{ snapshot: string; version: number; document: unknown }>(
    (p) => `SELECT snapshot, version, document FROM policy_versions WHERE org_id = ${p.org} ORDER BY version DESC LIMIT 1`,
  );
  if (latest && !compiledBySnapshot.has(latest.snapshot)) remember(latest.snapshot, compileStored(latest.document));
  const active: ActivePolicy = latest
    ? { snapshot: latest.snapshot, version: latest.version, compiled: compiledBySnapshot.get(latest.snapshot) ?? null }
    : { snapshot: NO_POLICY_SNAPSHOT, version: 0, compiled: null };
  if (lastSeenByOrg.size >= CACHE_LIMIT * 20) lastSeenByOrg.delete(lastSeenByOrg.keys().next().value as string);
  lastSeenByOrg.set(orgId, active);
  return active;
}
