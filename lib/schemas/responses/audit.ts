import { z } from "zod";
import { contract } from "../registry";
import { ZList, ZRef, ZTimestamp } from "./common";

const ZHex64 = z.string().regex(/^[0-9a-f]{64}$/);

/** One link of the org's chain: hash = sha256(prev_hash + canonical JSON of the event without hash). */
export const ZAuditEvent = z.object({
  seq: z.int().describe("1, 2, 3, … per organization, without gaps."),
  at: ZTimestamp,
  actor: ZRef,
  type: z.string().describe("e.g. intent.proposed, intent.approved, policy.updated, lease.revoked"),
  subject: z.object({ type: z.string(), id: z.string() }),
  data: z.unknown(),
  prev_hash: ZHex64,
  hash: ZHex64,
}).register(contract, { id: "AuditEvent" });

export const ZAuditEventList = ZList(ZAuditEvent).register(contract, { id: "AuditEventList" });

/** A signed statement of the chain's head (API.md): the JWS payload is `{org_id, seq, hash, at}`. */
export const ZAuditCheckpoint = z.object({
  seq: z.int(),
  hash: ZHex64,
  at: ZTimestamp,
  kid: z.string().describe("The signing key's id in GET /.well-known/jwks.json."),
  jws: z.string().describe("Compact JWS, alg EdDSA, typ tollgate-checkpoint."),
}).register(contract, { id: "AuditCheckpoint" });

export const ZAuditCheckpointList = ZList(ZAuditCheckpoint).register(contract, { id: "AuditCheckpointList" });

/** GET /audit/export?format=json: the evidence file, checked offline by `npm run cli -- audit verify --export`. */
export const ZAuditExport = z.object({
  org_id: z.string(),
  exported_at: ZTimestamp,
  filtered: z.boolean().describe("True when a filter was given: the events are then not a contiguous chain."),
  events: z.array(ZAuditEvent).describe("Every matching event, in seq order."),
  checkpoints: z.array(ZAuditCheckpoint).describe("Every signed checkpoint of the org's chain, in seq order."),
}).register(contract, { id: "AuditExport" });

export const AUDIT_FAILURE_REASONS = [
  "seq_gap", "prev_hash_mismatch", "hash_mismatch", "checkpoint_mismatch", "checkpoint_signature_invalid",
  "events_missing_after_checkpoint", "head_missing", "head_mismatch",
] as const;
export type AuditFailure = (typeof AUDIT_FAILURE_REASONS)[number];

export const ZAuditVerification = z.union([
  z.object({
    ok: z.literal(true),
    events: z.int(),
    checkpoints: z.int().describe("Signed checkpoints checked against the chain."),
    verified_from: z.int().describe("0 for a full verification; else the seq this instance had verified before, re-checked at its hash."),
  }),
  z.object({
    ok: z.literal(false),
    first_bad_seq: z.int(),
    events: z.int().describe("Events verified before the first bad one."),
    reason: z.enum(AUDIT_FAILURE_REASONS),
  }),
]).register(contract, { id: "AuditVerification" });

export const ZIntentReceipt = z.object({
  jws: z.string().describe("Compact JWS, alg EdDSA, typ tollgate-receipt: verify it with GET /.well-known/jwks.json alone."),
  kid: z.string(),
  payload: z.object({
    intent_id: z.string(),
    org_id: z.string(),
    agent_id: z.string(),
    action: z.string(),
    stage: z.string(),
    payload_hash: z.string(),
    policy_snapshot: z.string(),
    decision: z.object({ outcome: z.string(), rule_id: z.string().nullable() }),
    approvals: z.array(z.object({ user_id: z.string(), at: ZTimestamp, step_up: z.boolean() })),
    revisions: z.array(z.object({ payload_hash: z.string(), edited_by: z.string(), at: ZTimestamp })),
    executed_at: ZTimestamp,
    result_status: z.enum(["succeeded", "failed"]).nullable(),
    audit: z.object({ seq: z.int(), hash: ZHex64 }),
    issued_at: ZTimestamp,
  }).describe("The signed payload, decoded for convenience: trust only what the signature covers."),
}).register(contract, { id: "IntentReceipt" });

export const ZJwks = z.object({
  keys: z.array(z.object({
    kty: z.literal("OKP"),
    crv: z.literal("Ed25519"),
    x: z.string(),
    kid: z.string(),
    alg: z.literal("EdDSA"),
    use: z.literal("sig"),
    status: z.enum(["current", "retired"]),
  })),
}).register(contract, { id: "JsonWebKeySet" });

/** A domain event as GET /events streams it (each SSE `data:` line) and webhooks deliver it. */
export const ZDomainEvent = z.object({
  id: z.string(),
  type: z.string().describe("intent.pending, intent.resolved, lease.expiring_soon, …"),
  created_at: ZTimestamp,
  data: z.unknown(),
}).register(contract, { id: "DomainEvent" });
