import type { PageParams } from "./common.js";
import type { CreateWebhook, UpdateWebhook } from "./contract.js";

export type { Webhook, WebhookDelivery, WebhookWithSecret } from "./contract.js";

/** Event types a webhook can subscribe to (the server may add more). */
export type WebhookEventType =
  | "intent.pending"
  | "intent.resolved"
  | "intent.approval_recorded"
  | "intent.escalated"
  | "intent.executing"
  | "intent.completed"
  | "intent.expired"
  | "lease.expiring_soon"
  | (string & {});

export type CreateWebhookInput = CreateWebhook;
export type UpdateWebhookInput = UpdateWebhook;

export type ListDeliveriesParams = PageParams;

/** The JSON body of a webhook delivery (and of each SSE event). */
export interface WebhookEvent<T = EventData> {
  id: string;
  type: WebhookEventType;
  created_at: string;
  data: T;
}

/** Intent events carry the intent's id, status and action; lease events the lease's id and agent. */
export interface EventData {
  id: string;
  status?: string;
  action?: string;
  agent_id?: string;
  [key: string]: unknown;
}
