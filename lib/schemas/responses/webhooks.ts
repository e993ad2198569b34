import { z } from "zod";
import { contract } from "../registry";
import { DELIVERY_STATUSES } from "../webhooks";
import { ZList, ZNullableTimestamp, ZTimestamp } from "./common";

// What the webhook routes answer with: serializeWebhook and serializeDelivery
// (lib/domain/webhooks/serialize-*.ts), plus what create, rotate and delete add or return instead.

/** A webhook without its secret (GET, PATCH, and the list). */
export const ZWebhook = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()).describe('Subscribed event types (intent.pending, lease.expiring_soon, …), or ["*"] for every type.'),
  active: z.boolean().describe("false: no new deliveries, and queued ones wait until it is enabled again."),
  created_at: ZTimestamp,
  updated_at: ZTimestamp,
}).register(contract, { id: "Webhook" });

export const ZWebhookList = ZList(ZWebhook).register(contract, { id: "WebhookList" });

/** POST /webhooks and POST /webhooks/{id}/rotate-secret: the signing secret is in this answer and never again. */
export const ZWebhookWithSecret = ZWebhook.extend({
  secret: z.string().describe("The signing secret: the one sent, or a new `whsec_…`. Shown this once; rotate to get another."),
}).register(contract, { id: "WebhookWithSecret" });

export const ZWebhookDeleted = z.object({ id: z.string(), deleted: z.literal(true) }).register(contract, { id: "WebhookDeleted" });

/** One POST of a delivery. */
export const ZWebhookDeliveryAttempt = z.object({
  number: z.int().describe("1, 2, 3, … over the delivery's whole life, redeliveries included."),
  started_at: ZTimestamp,
  finished_at: ZNullableTimestamp.describe("null while the attempt is in flight; one cut short by a crash is closed, error `interrupted: …`, when the delivery is claimed again."),
  status_code: z.int().nullable().describe("The receiver's HTTP status; null when no response arrived."),
  error: z.string().nullable().describe("Why the attempt failed (timeout, refused address, HTTP status, …); null on success."),
  duration_ms: z.int().nullable(),
}).register(contract, { id: "WebhookDeliveryAttempt" });

/** One event to one webhook: its state and its attempt log (oldest first, the newest 50). */
export const ZWebhookDelivery = z.object({
  id: z.string(),
  webhook_id: z.string(),
  event_id: z.string().describe("The `id` of the delivered body: the same on every attempt and redelivery, for receivers to dedupe."),
  event_type: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.int().describe("Attempts ever made."),
  in_progress: z.boolean().describe("A worker is sending it right now."),
  last_status_code: z.int().nullable(),
  last_error: z.string().nullable(),
  last_attempt_at: ZNullableTimestamp,
  next_attempt_at: ZNullableTimestamp.describe("When the next attempt is due; null unless pending."),
  delivered_at: ZNullableTimestamp,
  failed_at: ZNullableTimestamp,
  created_at: ZTimestamp,
  attempt_log: z.array(ZWebhookDeliveryAttempt),
}).register(contract, { id: "WebhookDelivery" });

export const ZWebhookDeliveryList = ZList(ZWebhookDelivery).register(contract, { id: "WebhookDeliveryList" });

export type WebhookView = z.output<typeof ZWebhook>;
export type DeliveryView = z.output<typeof ZWebhookDelivery>;
