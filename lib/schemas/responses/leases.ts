import { z } from "zod";
import { contract } from "../registry";
import { ROLES } from "../../policy/types";
import { LEASE_STATUSES } from "../common";
import { ZList, ZNullableTimestamp, ZTimestamp } from "./common";

export const ZLease = z.object({
  id: z.string(),
  agent_id: z.string(),
  status: z.enum(LEASE_STATUSES),
  capabilities: z.array(z.string()).describe("Action globs the lease covers."),
  destinations: z.array(z.string()).describe("Destination globs; empty means any."),
  spend_limit: z
    .object({ amount: z.number(), currency: z.string(), window: z.string().describe("Rolling window, e.g. 24h.") })
    .nullable(),
  spent: z.number().describe("Spent within the current window, this lease and its sub-leases."),
  remaining: z.number().nullable(),
  intents_count: z.int(),
  ttl: z.string(),
  purpose: z.string().nullable(),
  parent_lease_id: z.string().nullable(),
  depth: z.int().describe("0 for a human grant, +1 per delegation."),
  approval: z
    .object({
      count: z.int().describe("Distinct humans whose approval granted the lease; 0 until granted."),
      min_role: z.enum(ROLES).nullable().describe("The lowest role among them; null until granted."),
      step_up: z.boolean().describe("Whether every one of them stepped up with a passkey."),
    })
    .describe(
      "The strength of the human approval behind the lease; for a delegated lease, the weakest along its chain. The lease waives a run-stage gate only when this is at least the gate (count, role, step-up); stronger gates still queue.",
    ),
  request_intent_id: z.string().nullable().describe("The create-stage intent that asked for this lease."),
  renewal_intent_id: z.string().nullable().describe("The renew-stage intent waiting for a human, if any."),
  activated_at: ZNullableTimestamp,
  expires_at: ZNullableTimestamp,
  revoked_at: ZNullableTimestamp,
  revocation_reason: z.string().nullable(),
  created_at: ZTimestamp,
}).register(contract, { id: "Lease" });

export const ZLeaseList = ZList(ZLease).register(contract, { id: "LeaseList" });

/** POST /leases/{id}/renew: the lease plus what happened to the renewal. */
export const ZLeaseRenewal = ZLease.extend({
  renewal: z.object({
    applied: z.boolean().describe("true: a narrowing (or a member's renewal) took effect at once; false: waiting for approval."),
    renewal_intent_id: z.string().nullable(),
  }),
}).register(contract, { id: "LeaseRenewal" });
