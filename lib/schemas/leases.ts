import { z } from "zod";
import { contract } from "./registry";
import { parseDuration } from "../time";
import { LEASE_STATUSES, ZId } from "./common";

const ZDuration = z.string().refine((v) => parseDuration(v) !== null, "a duration like 30m, 8h or 7d");
const ZPattern = z.string().trim().min(1).max(200);

export const ZSpendLimit = z.strictObject({
  amount: z.number().positive().max(1e15),
  currency: z.string().regex(/^[A-Za-z]{3}$/, "must be a 3-letter ISO 4217 code").transform((c) => c.toUpperCase()),
  window: ZDuration.default("24h"),
}).register(contract, { id: "SpendLimit" });

const scope = {
  capabilities: z.array(ZPattern).min(1).max(100).describe("Action globs the lease covers, e.g. email.send, crm.*."),
  destinations: z.array(ZPattern).max(100).default([]).describe("Destination globs; empty means any."),
  spend_limit: ZSpendLimit.nullish().describe("Spend allowed per rolling window."),
  ttl: ZDuration.describe("How long the lease lasts once granted: 30m, 8h, 7d."),
  purpose: z.string().max(2000).optional(),
};

export const ZCreateLease = z.strictObject(scope).register(contract, { id: "CreateLease" });
export type TCreateLease = z.output<typeof ZCreateLease>;

export const ZRenewLease = z.strictObject({
  ttl: ZDuration,
  spend_limit: ZSpendLimit.nullish(),
  capabilities: scope.capabilities.optional(),
  destinations: z.array(ZPattern).max(100).optional(),
  reason: z.string().max(2000).optional(),
}).register(contract, { id: "RenewLease" });
export type TRenewLease = z.output<typeof ZRenewLease>;

export const ZDelegateLease = z.strictObject({ ...scope, agent: z.string().min(1).max(100) }).register(contract, { id: "DelegateLease" });
export type TDelegateLease = z.output<typeof ZDelegateLease>;

export const ZRevokeLease = z.strictObject({ reason: z.string().max(2000).optional() }).register(contract, { id: "RevokeLease" });

export const ZListLeasesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: ZId.optional(),
  status: z.enum(LEASE_STATUSES).optional(),
});
