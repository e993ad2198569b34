import { ZCreateLease, ZDelegateLease, ZListLeasesQuery, ZRenewLease, ZRevokeLease } from "../../schemas/leases";
import { ZLease, ZLeaseList, ZLeaseRenewal } from "../../schemas/responses/leases";
import { defineOperation } from "../operation";
import { IDEMPOTENCY_KEY } from "./intents";

const tags: ["Leases"] = ["Leases"];

export const leaseOperations = {
  requestLease: defineOperation({
    method: "POST",
    path: "/api/v1/leases",
    summary: "Ask for a lease",
    description: "Time- and scope-bounded authority; the request is a create-stage item in the human queue.",
    tags,
    caller: "agent",
    body: ZCreateLease,
    headers: [IDEMPOTENCY_KEY],
    example: {
      capabilities: ["email.send", "crm.*"],
      destinations: ["*.example.com"],
      spend_limit: { amount: 500, currency: "USD", window: "24h" },
      ttl: "8h",
      purpose: "Spring campaign follow-ups",
    },
    responses: {
      201: { description: "The lease, `pending_approval`.", schema: ZLease },
      200: { description: "A replay: this Idempotency-Key was used with the same body before.", schema: ZLease },
    },
    errors: ["idempotency_conflict"],
  }),

  listLeases: defineOperation({
    method: "GET",
    path: "/api/v1/leases",
    summary: "List leases",
    description: "Agents see their own; members see the organization's.",
    tags,
    caller: "any",
    query: ZListLeasesQuery,
    responses: { 200: { description: "One page of leases.", schema: ZLeaseList } },
  }),

  getLease: defineOperation({
    method: "GET",
    path: "/api/v1/leases/{id}",
    summary: "Get a lease with its usage",
    tags,
    caller: "any",
    responses: { 200: { description: "The lease with spent, remaining and intents_count.", schema: ZLease } },
  }),

  renewLease: defineOperation({
    method: "POST",
    path: "/api/v1/leases/{id}/renew",
    summary: "Renew a lease",
    description:
      "A narrowing applies at once (200). A widening (longer ttl, more spend, capabilities or destinations) is always a renew-stage item in the queue decided by the policy (202), whoever asks, agent or member; a policy deny answers 403 with details.reason_code.",
    tags,
    caller: "any",
    role: "approver",
    body: ZRenewLease,
    example: { ttl: "4h", capabilities: ["email.send"], reason: "Only email is left to do" },
    responses: {
      200: { description: "Applied at once.", schema: ZLeaseRenewal },
      202: { description: "Waiting for a human: `renewal.renewal_intent_id` is in the queue.", schema: ZLeaseRenewal },
    },
    errors: ["conflict"],
  }),

  revokeLease: defineOperation({
    method: "POST",
    path: "/api/v1/leases/{id}/revoke",
    summary: "Revoke a lease",
    description: "Immediate, by a member or the agent holding it; cascades to sub-leases.",
    tags,
    caller: "any",
    role: "approver",
    body: ZRevokeLease,
    example: { reason: "Campaign finished" },
    responses: { 200: { description: "The lease, now `revoked`.", schema: ZLease } },
    errors: ["conflict"],
  }),

  delegateLease: defineOperation({
    method: "POST",
    path: "/api/v1/leases/{id}/delegate",
    summary: "Delegate a sub-lease to another agent",
    description:
      "Within this lease's scope and time; the sub-lease's spend also counts against this one. Escalation or depth beyond LEASE_MAX_DEPTH → 403 with details.reason_code.",
    tags,
    caller: "agent",
    body: ZDelegateLease,
    example: { agent: "mailer-bot", capabilities: ["email.send"], destinations: ["mail.example.com"], ttl: "1h", purpose: "Send the follow-ups" },
    responses: { 201: { description: "The sub-lease, active at once.", schema: ZLease } },
    errors: ["conflict"],
  }),
};
