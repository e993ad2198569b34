import type { z } from "zod";
import type { Endpoint } from "@/lib/client/api-client";
import type { webhookOperations } from "@/lib/http/operations/webhooks";
import type { ZWebhook, ZWebhookDelivery } from "@/lib/schemas/responses/webhooks";

/** A webhook and a delivery as GET /webhooks/{id} and its deliveries answer them. */
export type WebhookView = z.output<typeof ZWebhook>;
export type DeliveryView = z.output<typeof ZWebhookDelivery>;

/** The webhook operations' addresses, from the server page: the catalogue module cannot enter the browser bundle. */
export type WebhookEndpoints = { [K in keyof typeof webhookOperations]: Endpoint<(typeof webhookOperations)[K]> };
