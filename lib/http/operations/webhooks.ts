import { ZEmptyBody } from "../../schemas/common";
import {
  ZWebhook,
  ZWebhookDeleted,
  ZWebhookDelivery,
  ZWebhookDeliveryList,
  ZWebhookList,
  ZWebhookWithSecret,
} from "../../schemas/responses/webhooks";
import { ZCreateWebhook, ZListDeliveriesQuery, ZListWebhooksQuery, ZRotateWebhookSecret, ZUpdateWebhook } from "../../schemas/webhooks";
import { defineOperation } from "../operation";

const tags: ["Webhooks"] = ["Webhooks"];

const DELIVERY =
  "Each event is delivered at least once as a `POST` of `{id, type, created_at, data}` (the DomainEvent schema), `id` being the event id: the same on every retry and redelivery, so dedupe on it. " +
  'Headers: `Tollgate-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, keyed with the whole secret string, plus `Tollgate-Event-Id` and `Tollgate-Delivery-Id`. ' +
  "Verify the raw bytes and refuse timestamps more than 5 minutes off. A non-2xx answer (redirects included) is retried with exponential backoff; order is not guaranteed.";

/** Webhook endpoints, their signing secrets and their delivery logs (admins). */
export const webhookOperations = {
  listWebhooks: defineOperation({
    method: "GET",
    path: "/api/v1/webhooks",
    summary: "List webhooks",
    description: "The organization's webhooks, newest first; never their secrets.",
    tags,
    caller: "user",
    role: "admin",
    query: ZListWebhooksQuery,
    responses: { 200: { description: "One page of webhooks.", schema: ZWebhookList } },
  }),

  createWebhook: defineOperation({
    method: "POST",
    path: "/api/v1/webhooks",
    summary: "Create a webhook",
    description:
      'Subscribes an http(s) endpoint to event types, or `["*"]` for all. The signing secret (yours, 16+ printable characters, or a new `whsec_…`) is in this answer only; Tollgate keeps it sealed and never shows it again. ' +
      `${DELIVERY} A URL naming a private or loopback address is refused (422). At most 20 webhooks per organization (409 conflict).`,
    tags,
    caller: "user",
    role: "admin",
    body: ZCreateWebhook,
    example: { url: "https://hooks.example.com/tollgate", events: ["intent.pending", "intent.resolved", "lease.expiring_soon"] },
    responses: { 201: { description: "The webhook and its signing secret (shown once).", schema: ZWebhookWithSecret } },
    errors: ["conflict"],
  }),

  getWebhook: defineOperation({
    method: "GET",
    path: "/api/v1/webhooks/{id}",
    summary: "Get a webhook",
    description: "Without its secret.",
    tags,
    caller: "user",
    role: "admin",
    responses: { 200: { description: "The webhook.", schema: ZWebhook } },
  }),

  updateWebhook: defineOperation({
    method: "PATCH",
    path: "/api/v1/webhooks/{id}",
    summary: "Change a webhook",
    description:
      "Any of url, events, active. A disabled webhook gets no new deliveries and its queued ones wait until it is enabled again; a new URL applies to every later attempt, queued ones included.",
    tags,
    caller: "user",
    role: "admin",
    body: ZUpdateWebhook,
    example: { events: ["*"], active: false },
    responses: { 200: { description: "The webhook as changed.", schema: ZWebhook } },
  }),

  deleteWebhook: defineOperation({
    method: "DELETE",
    path: "/api/v1/webhooks/{id}",
    summary: "Delete a webhook",
    description: "With its sealed secret and its delivery log; the audit trail keeps that it existed.",
    tags,
    caller: "user",
    role: "admin",
    responses: { 200: { description: "Deleted.", schema: ZWebhookDeleted } },
  }),

  rotateWebhookSecret: defineOperation({
    method: "POST",
    path: "/api/v1/webhooks/{id}/rotate-secret",
    summary: "Rotate a webhook's signing secret",
    description:
      "A new secret (yours, or a new `whsec_…`), shown in this answer only. Every attempt from now on is signed with it, queued retries included; there is no overlap window.",
    tags,
    caller: "user",
    role: "admin",
    body: ZRotateWebhookSecret,
    example: {},
    responses: { 200: { description: "The webhook and its new signing secret (shown once).", schema: ZWebhookWithSecret } },
  }),

  listWebhookDeliveries: defineOperation({
    method: "GET",
    path: "/api/v1/webhooks/{id}/deliveries",
    summary: "A webhook's delivery log",
    description: "Newest first, each delivery with its attempts (status code, error, duration). Filter with ?status=.",
    tags,
    caller: "user",
    role: "admin",
    query: ZListDeliveriesQuery,
    responses: { 200: { description: "One page of deliveries.", schema: ZWebhookDeliveryList } },
  }),

  redeliverWebhookDelivery: defineOperation({
    method: "POST",
    path: "/api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver",
    summary: "Redeliver",
    description:
      "Queues the delivery again, due now, with a fresh round of attempts (the log keeps the earlier ones). The same event id goes out again. Refused (409 conflict) while the webhook is disabled or an attempt is in flight.",
    tags,
    caller: "user",
    role: "admin",
    body: ZEmptyBody,
    responses: { 202: { description: "Queued: the delivery, `pending`.", schema: ZWebhookDelivery } },
    errors: ["conflict"],
  }),
};
