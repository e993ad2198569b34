import type { PageParams } from "./common.js";

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

export interface CreateWebhookInput {
  url: string;
  events: WebhookEventType[];
  /** Signing secret; the server generates one when omitted. */
  secret?: string;
}

export interface UpdateWebhookInput {
  url?: string;
  events?: WebhookEventType[];
  [key: string]: unknown;
}

export interface Webhook {
  id: string;
  url: string;
  events: WebhookEventType[];
  created_at: string;
  /** Returned on create and rotate-secret only; never by list or get. */
  secret?: string;
  [key: string]: unknown;
}

export interface WebhookDelivery {
  id: string;
  event_id?: string;
  type?: string;
  status?: string;
  attempts?: number;
  response_status?: number | null;
  created_at: string;
  [key: string]: unknown;
}

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
