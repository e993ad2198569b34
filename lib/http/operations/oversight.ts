import { z } from "zod";
import { ZAuditCheckpointsQuery, ZAuditExportQuery, ZAuditQuery, ZAuditVerifyQuery } from "../../schemas/audit";
import { ZMetricsQuery } from "../../schemas/metrics";
import { ZAuditCheckpointList, ZAuditEventList, ZAuditExport, ZAuditVerification, ZJwks } from "../../schemas/responses/audit";
import { ZMetrics } from "../../schemas/responses/metrics";
import { ZOpenApiDocument } from "../../schemas/responses/openapi";
import { ZReview, ZReviewList } from "../../schemas/responses/reviews";
import { ZListReviewsQuery, ZMarkReview } from "../../schemas/reviews";
import { defineOperation } from "../operation";

/** Audit, metrics, reviews, the event stream, and this API's own description. */
export const oversightOperations = {
  listAuditEvents: defineOperation({
    method: "GET",
    path: "/api/v1/audit",
    summary: "The audit chain",
    description: "Append-only, in seq order; hash = sha256(prev_hash + canonical JSON of the event without hash). The cursor is the last seq seen.",
    tags: ["Audit"],
    caller: "user",
    role: "viewer",
    query: ZAuditQuery,
    responses: { 200: { description: "One page of events.", schema: ZAuditEventList } },
  }),

  exportAuditEvents: defineOperation({
    method: "GET",
    path: "/api/v1/audit/export",
    summary: "Download the audit chain",
    description: "Every matching event in seq order, as an attachment.",
    tags: ["Audit"],
    caller: "user",
    role: "viewer",
    query: ZAuditExportQuery,
    responses: {
      200: {
        description: "format=csv (default): a header row, then one row per event; format=json: the evidence file, events and every signed checkpoint.",
        schema: ZAuditExport,
        text: { "text/csv": "Columns: seq, at, actor_type, actor_id, type, subject_type, subject_id, data (JSON), prev_hash, hash." },
      },
    },
  }),

  verifyAuditChain: defineOperation({
    method: "GET",
    path: "/api/v1/audit/verify",
    summary: "Verify the audit chain",
    description:
      "Recomputes every hash and link, checks every signed checkpoint (its signature, and that the chain agrees with it and reaches it), and that the chain ends where the head row says. A repeat answers from the point this instance verified last (re-checked at its hash); `full=true` verifies from the genesis.",
    tags: ["Audit"],
    caller: "user",
    role: "viewer",
    query: ZAuditVerifyQuery,
    responses: { 200: { description: "ok, or the first bad seq and why.", schema: ZAuditVerification } },
  }),

  listAuditCheckpoints: defineOperation({
    method: "GET",
    path: "/api/v1/audit/checkpoints",
    summary: "Signed checkpoints of the audit chain",
    description:
      "The chain's head signed with the instance's Ed25519 key at least every 1,000 events or 60 s of activity, in seq order (cursor: the last seq seen). Each is also delivered as the webhook event `audit.checkpoint`: keep them outside Tollgate.",
    tags: ["Audit"],
    caller: "user",
    role: "viewer",
    query: ZAuditCheckpointsQuery,
    responses: { 200: { description: "One page of checkpoints.", schema: ZAuditCheckpointList } },
  }),

  getJwks: defineOperation({
    method: "GET",
    path: "/.well-known/jwks.json",
    summary: "The public signing keys",
    description: "Every Ed25519 key that signs checkpoints and receipts, the current one first, retired ones after it (they still verify what they signed).",
    tags: ["Audit"],
    caller: "public",
    responses: { 200: { description: "A JWK Set.", schema: ZJwks } },
  }),

  getMetrics: defineOperation({
    method: "GET",
    path: "/api/v1/metrics",
    summary: "Decision metrics over a window",
    description: "Over [from, to) (default: the last 30 days), optionally filtered. Hourly buckets up to 48 h, else daily.",
    tags: ["Metrics"],
    caller: "user",
    role: "viewer",
    query: ZMetricsQuery,
    responses: { 200: { description: "Rates, percentiles, series and per-rule advice.", schema: ZMetrics } },
  }),

  listReviews: defineOperation({
    method: "GET",
    path: "/api/v1/reviews",
    summary: "The review-after queue",
    description: "Auto-allowed intents a rule's `sample` copied for a human to judge afterwards, oldest first.",
    tags: ["Reviews"],
    caller: "user",
    role: "viewer",
    query: ZListReviewsQuery,
    responses: { 200: { description: "One page of reviews.", schema: ZReviewList } },
  }),

  markReview: defineOperation({
    method: "POST",
    path: "/api/v1/reviews/{id}",
    summary: "Mark a sampled decision right or wrong",
    description: "Once per review.",
    tags: ["Reviews"],
    caller: "user",
    role: "approver",
    body: ZMarkReview,
    example: { verdict: "wrong", note: "Should have needed a human" },
    responses: { 200: { description: "The review with its verdict.", schema: ZReview } },
    errors: ["already_resolved"],
  }),

  streamEvents: defineOperation({
    method: "GET",
    path: "/api/v1/events",
    summary: "Live domain events (Server-Sent Events)",
    description:
      "The organization's events as they happen, from any instance. Send Last-Event-ID to resume after an event; without it the stream starts with new events.",
    tags: ["Events"],
    caller: "user",
    role: "viewer",
    headers: [{ name: "Last-Event-ID", description: "Resume after this event id (the `id:` line of the last event received).", schema: z.string().max(18) }],
    responses: {
      200: {
        description: "An endless event stream.",
        text: {
          "text/event-stream":
            "Per event: `id: <seq>`, `event: <type>`, `data: <DomainEvent JSON>`; comments keep the connection alive.",
        },
      },
    },
    // More than EVENT_STREAMS_PER_CALLER streams open at once (with Retry-After).
    errors: ["rate_limited"],
  }),

  getOpenApi: defineOperation({
    method: "GET",
    path: "/api/v1/openapi.json",
    summary: "This document",
    description: "The OpenAPI 3.1 description of this API, generated from the schemas the routes validate with. Public and cacheable.",
    tags: ["Meta"],
    caller: "public",
    headers: [{ name: "If-None-Match", description: "The ETag of a copy you hold: 304 while it is current.", schema: z.string().max(200) }],
    responses: {
      200: { description: "OpenAPI 3.1, with an ETag and Cache-Control: public.", schema: ZOpenApiDocument },
      304: { description: "Not modified: the If-None-Match ETag is current." },
    },
  }),
};
