import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { db } from "../db/client";

// Slack signs every request it sends an app (https://api.slack.com/authentication/verifying-requests-from-slack):
// X-Slack-Signature = "v0=" + hex HMAC-SHA256(signing secret, "v0:{X-Slack-Request-Timestamp}:{raw body}").
// A request is taken only with a valid signature made within the last five minutes, and only once:
// a signature seen before (a replay inside the window) is refused.

export const SIGNATURE_WINDOW_SECONDS = 300;

export type SignatureVerdict = { ok: true } | { ok: false; reason: string };

/** Checks the signature and its age (pure). */
export function checkSignature(secret: string, raw: string, timestamp: string | null, signature: string | null, nowSeconds = Date.now() / 1000): SignatureVerdict {
  if (!timestamp || !signature) return { ok: false, reason: "unsigned request" };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: "malformed timestamp" };
  if (Math.abs(nowSeconds - Number(timestamp)) > SIGNATURE_WINDOW_SECONDS) return { ok: false, reason: "stale request (outside the five-minute window)" };
  const expected = Buffer.from(`v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${raw}`).digest("hex")}`);
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "bad signature" };
  return { ok: true };
}

/** Records a valid signature as taken; false when it was taken before (a replay). Forgets those past the window. */
export async function takeSignature(orgId: string, signature: string): Promise<boolean> {
  const hash = createHash("sha256").update(signature).digest("hex");
  await db().$executeRaw`DELETE FROM slack_replays WHERE org_id = ${orgId} AND seen_at < now() - make_interval(secs => ${SIGNATURE_WINDOW_SECONDS * 2})`;
  const taken = await db().$executeRaw`INSERT INTO slack_replays (org_id, signature_hash) VALUES (${orgId}, ${hash}) ON CONFLICT DO NOTHING`;
  return taken === 1;
}
