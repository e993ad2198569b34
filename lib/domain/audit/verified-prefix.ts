import { createHash } from "node:crypto";
import type { RequestContext } from "../request-context";
import type { ChainPoint } from "./audit-links";

// What this instance has verified of each org's chain, so a repeat of GET /audit/verify need not
// read and re-hash a long chain again. It remembers, per complete chunk of CHUNK events, a digest
// PostgreSQL computes over the stored rows exactly as they are (every column, in seq order), in
// the same statement that read them for the walk (read-audit-chain.ts), so it stands for exactly
// the rows verified. A warm verify asks PostgreSQL for the same digests (it reads the rows where
// they live, sending back one line per chunk) and continues from the verified point only when
// every one is unchanged; any edit, however its hashes were recomputed, changes a digest and the
// verify runs cold from the genesis. Kept in memory, never in the database: whoever could rewrite
// the chain cannot rewrite this. A restart, or `?full=true`, verifies from the genesis.

export const CHUNK = 1000;
const MAX_CACHED_ORGS = 10_000;
/** Chunks one digest statement covers; a longer prefix is digested on DIGEST_CONNECTIONS connections at once (PostgreSQL runs an ordered aggregate on one core). */
const CHUNKS_PER_STATEMENT = 100;
const DIGEST_CONNECTIONS = 2;

/**
 * The digest of one chunk's rows (an aggregate over `seq` and the event columns, named bare): the
 * row constructor's text is unambiguous (fields quoted as needed, NULL distinct from ''), and
 * cheaper to render than a jsonb array.
 */
export const CHUNK_DIGEST_SQL = `encode(sha256(convert_to(string_agg(ROW(seq, at, actor_type, actor_id, type, subject_type, subject_id, data, prev_hash, hash)::text, ',' ORDER BY seq), 'UTF8')), 'hex')`;

export interface VerifiedPrefix {
  /** Digest of chunk c (events c*CHUNK+1 … (c+1)*CHUNK), for every complete chunk verified. */
  digests: string[];
  /** The last event of the last digested chunk: where a warm verify continues. */
  boundary: ChainPoint;
  /** Digest of the checkpoints at or before `boundary`. */
  checkpoints: string;
}

const verified = new Map<string, VerifiedPrefix>();

/** One statement's digests of the chunks in [fromChunk, toChunk). */
async function digestRange(ctx: RequestContext, fromChunk: number, toChunk: number): Promise<Map<number, string>> {
  const rows = await ctx.sql<{ chunk: number; digest: string }>(
    (p) => `SELECT ((seq - 1) / ${CHUNK})::int AS chunk, ${CHUNK_DIGEST_SQL} AS digest
      FROM audit_events
      WHERE org_id = ${p.org} AND seq > ${p.add(fromChunk * CHUNK, "int")} AND seq <= ${p.add(toChunk * CHUNK, "int")}
      GROUP BY 1`,
  );
  return new Map(rows.map((r) => [r.chunk, r.digest]));
}

/** PostgreSQL's digests of the complete chunks in [fromChunk, toChunk). */
export async function chunkDigests(ctx: RequestContext, fromChunk: number, toChunk: number): Promise<string[]> {
  if (toChunk <= fromChunk) return [];
  const ranges: [number, number][] = [];
  for (let c = fromChunk; c < toChunk; c += CHUNKS_PER_STATEMENT) ranges.push([c, Math.min(toChunk, c + CHUNKS_PER_STATEMENT)]);
  const byChunk = new Map<number, string>();
  const worker = async () => {
    for (let range = ranges.shift(); range; range = ranges.shift()) {
      for (const [chunk, digest] of await digestRange(ctx, ...range)) byChunk.set(chunk, digest);
    }
  };
  await Promise.all(Array.from({ length: DIGEST_CONNECTIONS }, worker));
  // A missing chunk (events deleted) leaves a hole: it can never equal a verified digest.
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
 * Remembers a verified chain up to `boundary` (the end of a complete chunk): the prefix it started
 * from, then `walked`, the digests of the chunks the walk verified (each from its own statement).
 */
export function rememberVerified(
  orgId: string,
  start: VerifiedPrefix | null,
  walked: string[],
  boundary: ChainPoint,
  checkpoints: { seq: number; jws: string }[],
): void {
  const digests = [...(start?.digests ?? []), ...walked];
  if (digests.length * CHUNK !== boundary.seq) {
    verified.delete(orgId);
    return;
  }
  if (verified.size >= MAX_CACHED_ORGS && !verified.has(orgId)) verified.delete(verified.keys().next().value as string);
  verified.set(orgId, { digests, boundary, checkpoints: checkpointsDigest(checkpoints, boundary.seq) });
}

export function forgetVerified(orgId: string): void {
  verified.delete(orgId);
}
