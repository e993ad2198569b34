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

/** GET /audit/export?format=json: every matching event, in seq order. */
export const ZAuditExport = z.array(ZAuditEvent).register(contract, { id: "AuditExport" });

export const ZAuditVerification = z.union([
  z.object({ ok: z.literal(true), events: z.int() }),
  z.object({ ok: z.literal(false), first_bad_seq: z.int(), events: z.int().describe("Events verified before the first bad one.") }),
]).register(contract, { id: "AuditVerification" });

/** A domain event as GET /events streams it (each SSE `data:` line) and webhooks deliver it. */
export const ZDomainEvent = z.object({
  id: z.string(),
  type: z.string().describe("intent.pending, intent.resolved, lease.expiring_soon, …"),
  created_at: ZTimestamp,
  data: z.unknown(),
}).register(contract, { id: "DomainEvent" });
