import { z } from "zod";
import { contract } from "./registry";
import { ALL_EVENTS, EVENT_TYPE_NAMES, isEventType } from "../domain/events/event-types";
import { MAX_URL_LENGTH, webhookUrlProblem } from "../webhooks/webhook-url";
import { ZPage } from "./common";

const ZWebhookUrl = z
  .string()
  .trim()
  .min(1)
  .max(MAX_URL_LENGTH)
  .describe("An http(s) URL without credentials; private, loopback and link-local targets are refused unless WEBHOOK_ALLOW_PRIVATE_TARGETS=1.")
  .superRefine((value, ctx) => {
    const problem = webhookUrlProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** Event types from the catalogue, or "*"; duplicates collapse, and "*" alone stands for all. */
const ZWebhookEvents = z
  .array(
    z
      .string()
      .max(100)
      .refine((value) => value === ALL_EVENTS || isEventType(value), `must be "${ALL_EVENTS}" or one of: ${EVENT_TYPE_NAMES.join(", ")}`),
  )
  .min(1, "subscribe to at least one event type")
  .max(50)
  .transform((events) => (events.includes(ALL_EVENTS) ? [ALL_EVENTS] : [...new Set(events)]))
  .describe(`Event types to deliver, from: ${EVENT_TYPE_NAMES.join(", ")}; or "${ALL_EVENTS}" for every type, later ones included.`);

const ZWebhookSecret = z
  .string()
  .min(16, "must be at least 16 characters")
  .max(200)
  .regex(/^[\x21-\x7e]+$/, "printable ASCII without spaces")
  .describe("Your own signing secret; omit it for a new `whsec_…`. Returned once, never shown again.");

export const ZCreateWebhook = z.strictObject({ url: ZWebhookUrl, events: ZWebhookEvents, secret: ZWebhookSecret.optional() }).register(contract, { id: "CreateWebhook" });
export type TCreateWebhook = z.output<typeof ZCreateWebhook>;

export const ZUpdateWebhook = z
  .strictObject({ url: ZWebhookUrl.optional(), events: ZWebhookEvents.optional(), active: z.boolean().optional() })
  .refine((body) => Object.keys(body).length > 0, "give at least one of url, events, active").register(contract, { id: "UpdateWebhook" });
export type TUpdateWebhook = z.output<typeof ZUpdateWebhook>;

export const ZRotateWebhookSecret = z.strictObject({ secret: ZWebhookSecret.optional() }).register(contract, { id: "RotateWebhookSecret" });
export type TRotateWebhookSecret = z.output<typeof ZRotateWebhookSecret>;

export const ZListWebhooksQuery = z.strictObject({ ...ZPage });

export const DELIVERY_STATUSES = ["pending", "delivered", "failed"] as const;

export const ZListDeliveriesQuery = z.strictObject({ ...ZPage, status: z.enum(DELIVERY_STATUSES).optional().describe("Only deliveries in this state.") });
export type TListDeliveriesQuery = z.output<typeof ZListDeliveriesQuery>;
