import { createHash } from "node:crypto";
import { type JSONWebKeySet, compactVerify, createLocalJWKSet } from "jose";
import type { AuditCheckpoint, AuditEvent, AuditExport, IntentReceipt } from "./types/contract.js";

// Offline checks of what Tollgate signs: receipts of executed intents, checkpoints of an
// organization's audit chain, and exported chains with their checkpoints. Nothing here calls
// Tollgate; the only input besides the evidence is the JWK Set (GET /.well-known/jwks.json),
// which can be fetched once and kept.

export type ReceiptPayload = IntentReceipt["payload"];
export type CheckpointPayload = { org_id: string; seq: number; hash: string; at: string };

export type EvidenceFailure = "malformed" | "bad_signature" | "wrong_type" | "mismatch";

/** The evidence is not what it claims; `reason` says which check failed. */
export class EvidenceVerificationError extends Error {
  readonly reason: EvidenceFailure;

  constructor(reason: EvidenceFailure, message: string) {
    super(message);
    this.name = "EvidenceVerificationError";
    this.reason = reason;
  }
}

/** The keys: a JWK Set you hold, or its URL (fetched once per call). */
export type JwksSource = JSONWebKeySet | URL | string;

const TYPES = { receipt: "tollgate-receipt", checkpoint: "tollgate-checkpoint" } as const;

async function keySet(source: JwksSource): Promise<JSONWebKeySet> {
  if (typeof source !== "string" && !(source instanceof URL)) return source;
  const res = await fetch(source, { headers: { accept: "application/json" } });
  if (!res.ok) throw new Error(`GET ${String(source)} answered ${res.status}`);
  return (await res.json()) as JSONWebKeySet;
}

async function openJws(kind: keyof typeof TYPES, jws: string, jwks: JwksSource): Promise<Record<string, unknown>> {
  if (typeof jws !== "string" || jws.split(".").length !== 3) throw new EvidenceVerificationError("malformed", "not a compact JWS");
  let verified: Awaited<ReturnType<typeof compactVerify>>;
  try {
    verified = await compactVerify(jws, createLocalJWKSet(await keySet(jwks)), { algorithms: ["EdDSA"] });
  } catch (error) {
    throw new EvidenceVerificationError("bad_signature", `signature does not verify with the JWK Set: ${(error as Error).message}`);
  }
  if (verified.protectedHeader.typ !== TYPES[kind]) {
    throw new EvidenceVerificationError("wrong_type", `this JWS is a ${String(verified.protectedHeader.typ)}, not a ${TYPES[kind]}`);
  }
  try {
    const payload = JSON.parse(new TextDecoder().decode(verified.payload)) as unknown;
    if (payload && typeof payload === "object" && !Array.isArray(payload)) return payload as Record<string, unknown>;
  } catch {}
  throw new EvidenceVerificationError("malformed", "the signed payload is not a JSON object");
}

export interface VerifyReceiptOptions {
  jwks: JwksSource;
  /** Also require the receipt to be for this intent… */
  intentId?: string;
  /** …and for exactly this payload (`sha256:<hex>` of its canonical JSON). */
  payloadHash?: string;
}

/**
 * Checks a receipt (GET /intents/{id}/receipt: the JSON answer or its bare `jws`) with the JWK
 * Set alone and answers its signed payload; throws EvidenceVerificationError otherwise. Read
 * the payload this returns, never the unsigned `payload` beside the `jws`.
 */
export async function verifyReceipt(receipt: string | { jws: string }, options: VerifyReceiptOptions): Promise<ReceiptPayload> {
  const jws = typeof receipt === "string" ? receipt.trim() : receipt?.jws;
  const payload = (await openJws("receipt", jws, options.jwks)) as ReceiptPayload;
  if (options.intentId !== undefined && payload.intent_id !== options.intentId) {
    throw new EvidenceVerificationError("mismatch", `receipt is for intent ${payload.intent_id}, not ${options.intentId}`);
  }
  if (options.payloadHash !== undefined && payload.payload_hash !== options.payloadHash) {
    throw new EvidenceVerificationError("mismatch", `receipt is for payload ${payload.payload_hash}, not ${options.payloadHash}`);
  }
  return payload;
}

/** Checks one checkpoint's signature, and that its signed seq and hash are the ones listed beside it. */
export async function verifyCheckpoint(checkpoint: Pick<AuditCheckpoint, "jws" | "seq" | "hash">, options: { jwks: JwksSource; orgId?: string }): Promise<CheckpointPayload> {
  const payload = (await openJws("checkpoint", checkpoint.jws, options.jwks)) as CheckpointPayload;
  if (payload.seq !== checkpoint.seq || payload.hash !== checkpoint.hash) {
    throw new EvidenceVerificationError("mismatch", `checkpoint listed at seq ${checkpoint.seq} signs seq ${payload.seq} with another hash`);
  }
  if (options.orgId !== undefined && payload.org_id !== options.orgId) {
    throw new EvidenceVerificationError("mismatch", `checkpoint is of organization ${payload.org_id}, not ${options.orgId}`);
  }
  return payload;
}

/** UTF-16 units ranked so that comparing them orders strings by code point (surrogates after U+FFFF's BMP neighbours). */
const rank = (unit: number) => (unit < 0xd800 ? unit : unit >= 0xe000 ? unit - 0x800 : unit + 0x2000);

function byCodePoint(a: string, b: string): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a.charCodeAt(i) !== b.charCodeAt(i)) return rank(a.charCodeAt(i)) - rank(b.charCodeAt(i));
  }
  return a.length - b.length;
}

/**
 * Canonical JSON as the contract defines it: object keys sorted by code point, recursively, no
 * insignificant whitespace; otherwise what JSON.stringify writes. For JSON read back from the
 * API (no toJSON, undefined or non-finite numbers to care about).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => byCodePoint(a, b));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export const GENESIS_HASH = "0".repeat(64);

/** An event's own hash: sha256(prev_hash + canonical JSON of the event without hash). */
export function auditEventHash(event: AuditEvent): string {
  const { hash: _hash, ...hashed } = event;
  return createHash("sha256").update(event.prev_hash + canonicalJson(hashed), "utf8").digest("hex");
}

export type ChainCheck =
  | { ok: true; events: number; checkpoints: number }
  | { ok: false; first_bad_seq: number; events: number; problem: string };

/**
 * Re-verifies a chain from its events alone (seq 1, 2, 3, …, each linking to the one before and
 * the first to the genesis), and, given checkpoints and the keys, that every checkpoint's
 * signature holds, that the chain agrees with each one and reaches the last. Stops at the first problem.
 */
export async function checkAuditChain(
  events: AsyncIterable<AuditEvent> | Iterable<AuditEvent>,
  signed: { checkpoints: AuditCheckpoint[]; jwks: JwksSource; orgId?: string } | null = null,
): Promise<ChainCheck> {
  const jwks = signed ? await keySet(signed.jwks) : null;
  const hashes = new Map<number, string>();
  for (const checkpoint of signed?.checkpoints ?? []) {
    try {
      const payload = await verifyCheckpoint(checkpoint, { jwks: jwks as JSONWebKeySet, orgId: signed?.orgId });
      hashes.set(payload.seq, payload.hash);
    } catch (error) {
      return { ok: false, first_bad_seq: checkpoint.seq, events: checkpoint.seq - 1, problem: `checkpoint at seq ${checkpoint.seq}: ${(error as Error).message}` };
    }
  }
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  for await (const event of events) {
    const bad = (problem: string): ChainCheck => ({ ok: false, first_bad_seq: expectedSeq, events: expectedSeq - 1, problem });
    if (event.seq !== expectedSeq) return bad(`expected seq ${expectedSeq}, found ${event.seq}`);
    if (event.prev_hash !== prevHash) return bad("prev_hash does not match the previous event's hash");
    if (auditEventHash(event) !== event.hash) return bad("hash does not match the event's contents");
    const checkpoint = hashes.get(event.seq);
    if (checkpoint !== undefined && checkpoint !== event.hash) return bad("the chain disagrees with the signed checkpoint at this seq");
    prevHash = event.hash;
    expectedSeq += 1;
  }
  const last = Math.max(0, ...hashes.keys());
  if (last >= expectedSeq) {
    return { ok: false, first_bad_seq: expectedSeq, events: expectedSeq - 1, problem: `events ${expectedSeq}…${last} are missing: a signed checkpoint says the chain reached seq ${last}` };
  }
  return { ok: true, events: expectedSeq - 1, checkpoints: hashes.size };
}

/**
 * Checks an exported chain (GET /audit/export?format=json) offline: the whole chain and every
 * checkpoint as checkAuditChain does. A filtered export is not a contiguous chain: then each
 * event's own hash and every checkpoint's signature are checked, and `partial` says so.
 */
export async function verifyAuditExport(file: AuditExport, options: { jwks: JwksSource }): Promise<ChainCheck & { partial: boolean }> {
  if (!file || !Array.isArray(file.events) || !Array.isArray(file.checkpoints)) {
    throw new EvidenceVerificationError("malformed", "not an audit export (GET /api/v1/audit/export?format=json)");
  }
  if (!file.filtered) return { ...(await checkAuditChain(file.events, { checkpoints: file.checkpoints, jwks: options.jwks, orgId: file.org_id })), partial: false };
  const jwks = await keySet(options.jwks);
  for (const checkpoint of file.checkpoints) {
    try {
      await verifyCheckpoint(checkpoint, { jwks, orgId: file.org_id });
    } catch (error) {
      return { ok: false, first_bad_seq: checkpoint.seq, events: 0, problem: (error as Error).message, partial: true };
    }
  }
  const broken = file.events.find((event) => auditEventHash(event) !== event.hash);
  if (broken) return { ok: false, first_bad_seq: broken.seq, events: 0, problem: "hash does not match the event's contents", partial: true };
  return { ok: true, events: file.events.length, checkpoints: file.checkpoints.length, partial: true };
}
