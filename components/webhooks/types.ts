import type { z } from "zod";
import type { ZWebhook, ZWebhookDelivery } from "@/lib/schemas/responses/webhooks";

/** A webhook and a delivery as GET /webhooks/{id} and its deliveries answer them. */
export type WebhookView = z.output<typeof ZWebhook>;
export type DeliveryView = z.output<typeof ZWebhookDelivery>;

