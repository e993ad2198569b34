import type { Http } from "../http.js";
import { paginate } from "../paginate.js";
import type { CallOptions, Page, PageParams } from "../types/common.js";
import type { CreateWebhookInput, ListDeliveriesParams, UpdateWebhookInput, Webhook, WebhookDelivery, WebhookWithSecret } from "../types/webhooks.js";
import { call, seg } from "./shared.js";

/** /api/v1/webhooks: signed deliveries of the organization's events (admin). */
export class Webhooks {
  constructor(private readonly http: Http) {}

  /** The answer carries the signing secret (generated when not given); keep it, it is not shown again. */
  create(input: CreateWebhookInput, options: CallOptions = {}): Promise<WebhookWithSecret> {
    return this.http.json({ method: "POST", path: "/api/v1/webhooks", json: input, ...call(options) });
  }

  list(params: PageParams = {}, options: CallOptions = {}): Promise<Page<Webhook>> {
    return this.http.json({ method: "GET", path: "/api/v1/webhooks", query: params, ...call(options) });
  }

  listAll(options: CallOptions = {}): AsyncGenerator<Webhook, void, undefined> {
    return paginate((cursor) => this.list({ cursor }, options));
  }

  get(id: string, options: CallOptions = {}): Promise<Webhook> {
    return this.http.json({ method: "GET", path: `/api/v1/webhooks/${seg(id)}`, ...call(options) });
  }

  update(id: string, input: UpdateWebhookInput, options: CallOptions = {}): Promise<Webhook> {
    return this.http.json({ method: "PATCH", path: `/api/v1/webhooks/${seg(id)}`, json: input, ...call(options) });
  }

  delete(id: string, options: CallOptions = {}): Promise<unknown> {
    return this.http.json({ method: "DELETE", path: `/api/v1/webhooks/${seg(id)}`, ...call(options) });
  }

  /** A new signing secret, returned once. */
  rotateSecret(id: string, options: CallOptions = {}): Promise<WebhookWithSecret> {
    return this.http.json({ method: "POST", path: `/api/v1/webhooks/${seg(id)}/rotate-secret`, json: {}, ...call(options) });
  }

  deliveries(id: string, params: ListDeliveriesParams = {}, options: CallOptions = {}): Promise<Page<WebhookDelivery>> {
    return this.http.json({ method: "GET", path: `/api/v1/webhooks/${seg(id)}/deliveries`, query: params, ...call(options) });
  }

  deliveriesAll(id: string, options: CallOptions = {}): AsyncGenerator<WebhookDelivery, void, undefined> {
    return paginate((cursor) => this.deliveries(id, { cursor }, options));
  }

  /** Sends a past delivery again. */
  redeliver(id: string, deliveryId: string, options: CallOptions = {}): Promise<WebhookDelivery> {
    return this.http.json({
      method: "POST",
      path: `/api/v1/webhooks/${seg(id)}/deliveries/${seg(deliveryId)}/redeliver`,
      json: {},
      ...call(options),
    });
  }
}
