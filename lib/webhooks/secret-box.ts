import { open, seal } from "../auth/secret-box";
import { randomBase62 } from "../ids";

// Webhook signing secrets are needed in clear at delivery time (to compute the HMAC), so they are
// sealed (lib/auth/secret-box.ts) with the webhook id as associated data.
const PURPOSE = "webhook-secret-key";

/** A new signing secret: `whsec_` + 32 random bytes' worth of base62. */
export function mintWebhookSecret(): string {
  return `whsec_${randomBase62(43)}`;
}

export const sealSecret = (secret: string, webhookId: string) => seal(PURPOSE, secret, webhookId);

/** The clear secret; throws if the row was tampered with, moved, or TOLLGATE_SECRET changed. */
export const openSecret = (box: string, webhookId: string) => open(PURPOSE, box, webhookId);
