import { createHash } from "node:crypto";
import type { RequestContext } from "../request-context";
import type { ChainPoint } from "./audit-links";

// What this instance has verified of each org's chain, so a repeat of GET /audit/verify need not
// read and re-hash a long chain again. It remembers, per complete chunk of CHUNK events, a digest
// PostgreSQL computes over the stored rows exactly as they are (every column, in seq order). A
// warm verify asks PostgreSQL for the same digests (it reads the rows where they live, sending
// back one line per chunk) and continues from the verified point only when every one is
// unchanged; any edit, however its hashes were recomputed, changes a digest and the verify runs
// cold from the genesis. Kept in memory, never in the database: whoever could rewrite the chain
// cannot rewrite this. A restart, or `?full=true`, verifies from the genesis.

export const CHUNK = 1000;
const MAX_CACHED_ORGS = 10_000;

export interface VerifiedPrefix {
  /** Digest of chunk c (events c*CHUNK+1 … (c+1)*CHUNK), for every complete chunk verified. */
  digests: string[];
  /** The last event of the last digested chunk: where a warm verify continues. */
  boundary: ChainPoint;
  /** Digest of the checkpoints at or before `boundary`. */
  checkpoints: string;
}

const verified = new Map<string, VerifiedPrefix>();

/** PostgreSQL's digests of the complete chunks in [fromChunk, toChunk). */
export async function chunkDigests(ctx: RequestContext, fromChunk: number, toChunk: number): Promise<string[]> {
  if (toChunk <= fromChunk) return [];
  const rows = await ctx.sql<{ chunk: number; digest: string }>(
    (p) => `SELECT ((seq - 1) / ${CHUNK})::int AS chunk,
        encode(sha256(convert_to(string_agg(jsonb_build_array(seq, at, actor_type, actor_id, type, subject_type, subject_id, data, prev_hash, hash)::text, ',' ORDER BY seq), 'UTF8')), 'hex') AS digest
      FROM audit_events
      WHERE org_id = ${p.org} AND seq > ${p.add(fromChunk * CHUNK, "int")} AND seq <= ${p.add(toChunk * CHUNK, "int")}
      GROUP BY 1 ORDER BY 1`,
  );
  // A missing chunk (events deleted) leaves a hole: it can never equal a verified digest.
  const byChunk = new Map(rows.map((r) => [r.chunk, r.digest]));
  return Array.from({ length: toChunk - fromChunk }, (_, i) => byChunk.get(fromChunk + i) ?? "missing");
}

export function checkpointsDigest(checkpoints: { seq: number; jws: string }[], upTo: number): string {
  const hash = createHash("sha256");
  for (const c of checkpoints) if (c.seq <= upTo) hash.update(`${c.seq}.${c.jws}\n`);
  return hash.digest("hex");
}

/** Where a warm verify may start: the cached boundary, if every chunk and checkpoint before it is unchanged. */
export async function verifiedStart(ctx: RequestContext, checkpoints: { seq: number; jws: string }[]): Promise<VerifiedPrefix | null> {
  const cached = verified.get(ctx.orgId);
  if (!cached || checkpointsDigest(checkpoints, cached.boundary.seq) !== cached.checkpoints) return null;
  const now = await chunkDigests(ctx, 0, cached.digests.length);
  return now.every((digest, i) => digest === cached.digests[i]) ? cached : null;
}

/**
 * Remembers a verified chain: the digests of its complete chunks from `start` on, taken before
 * the walk (`before`) and again now; when they differ the rows changed while being verified, and
 * nothing is remembered.
 */
export async function rememberVerified(
  ctx: RequestContext,
  start: VerifiedPrefix | null,
  before: string[],
  boundary: ChainPoint,
  checkpoints: { seq: number; jws: string }[],
): Promise<void> {
  const from = start?.digests.length ?? 0;
  const after = await chunkDigests(ctx, from, boundary.seq / CHUNK);
  if (after.length !== before.length || after.some((d, i) => d !== before[i])) {
    verified.delete(ctx.orgId);
    return;
  }
  if (verified.size >= MAX_CACHED_ORGS && !verified.has(ctx.orgId)) verified.delete(verified.keys().next().value as string);
  verified.set(ctx.orgId, { digests: [...(start?.digests ?? []), ...after], boundary, checkpoints: checkpointsDigest(checkpoints, boundary.seq) });
}

export function forgetVerified(orgId: string): void {
  verified.delete(orgId);
}
