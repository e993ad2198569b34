import type { Webhook } from "../../generated/prisma/client";

/** A webhook as the API shows it: never the secret (that is returned once, by create and rotate). */
export function serializeWebhook(webhook: Pick<Webhook, "id" | "url" | "events" | "active" | "createdAt" | "updatedAt">) {
  return {
    id: webhook.id,
    url: webhook.url,
    events: webhook.events,
    active: webhook.active,
    created_at: webhook.createdAt.toISOString(),
    updated_at: webhook.updatedAt.toISOString(),
  };
}

export type WebhookView = ReturnType<typeof serializeWebhook>;

/** What the audit trail records of a webhook: its host, not its URL (paths and queries may hold tokens, and viewers read the audit). */
export function auditTarget(url: string): { host: string } {
  return { host: new URL(url).host };
}
