import { randomUUID } from "node:crypto";
import { POST as interactionsRoute } from "../../../app/api/slack/interactions/[org]/route";
import { APPROVE_VIEW, REASON_BLOCK, REASON_INPUT, REJECT_VIEW } from "../../../lib/slack/card";
import { type ApiResponse, call } from "../api";
import { interactionBody, slackSignature } from "../fake-slack";
import { sqlExec } from "../sql";
import { STATUS_OF } from "./guarantee-context";
import type { Real } from "./guarantee-fixture";

// The guarantee suite's Slack door: a decision as a Slack user makes it, the modal's submission
// signed as Slack signs it, sent to the real interactions route. Slack answers 200 whatever
// happened, so the answer is read back the way a reviewer would: accepted → the item as it is now
// (GET /intents/{id}); refused → the error code the modal shows. The worker's local Slack
// (tests/helpers/integration-env.ts) accepts the org's bot token.

const SECRET = "0123456789abcdef0123456789abcdef";
const TEAM = "T0TOLLGATE";
const slackIdOf = (userId: string) => `U${userId.replace(/[^A-Za-z0-9]/g, "").toUpperCase()}`;
const connected = new Set<string>();

async function connect(r: Real): Promise<void> {
  if (connected.has(r.orgId)) return;
  const res = await call("PUT", "/api/v1/integrations/slack", { token: r.adminToken, body: { bot_token: "xoxb-guarantee-suite-token", signing_secret: SECRET, default_channel: "#approvals" } });
  if (res.status !== 200) throw new Error(`slack connect failed (${res.status}): ${JSON.stringify(res.body)}`);
  connected.add(r.orgId);
}

/** Sends `decision` by `userId` through Slack; answers as the API would have. */
export async function sendThroughSlack(r: Real, userId: string, intentId: string, decision: "approve" | "reject", reason: string): Promise<ApiResponse> {
  await connect(r);
  const slackUser = slackIdOf(userId);
  // The member's Slack identity, as linking makes it; a member no longer in the org has no row to link (the key cascades), so Slack does not know them.
  await sqlExec(
    `INSERT INTO notification_settings (org_id, user_id, email_events, slack_events, slack_user_id, slack_linked_via)
     SELECT org_id, user_id, '{}', '{}', $3, 'link' FROM memberships WHERE org_id = $1 AND user_id = $2
     ON CONFLICT (org_id, user_id) DO UPDATE SET slack_user_id = EXCLUDED.slack_user_id`,
    r.orgId,
    userId,
    slackUser,
  );
  const raw = interactionBody({
    type: "view_submission",
    team: { id: TEAM },
    user: { id: slackUser },
    // Every submission Slack sends is of its own view: no two bodies (and signatures) are alike.
    view: { id: `V${randomUUID().replaceAll("-", "").slice(0, 12).toUpperCase()}`, callback_id: decision === "approve" ? APPROVE_VIEW : REJECT_VIEW, private_metadata: intentId, state: { values: { [REASON_BLOCK]: { [REASON_INPUT]: { value: reason } } } } },
  });
  const req = new Request(`http://localhost:3000/api/slack/interactions/${r.orgId}`, { method: "POST", headers: slackSignature(SECRET, raw), body: raw });
  const res = await interactionsRoute(req, { params: Promise.resolve({ org: r.orgId }) });
  // Refused before any decision (a signature, the workspace): the contract's error shape, as is.
  if (res.status !== 200) return { status: res.status, body: await res.json().catch(() => null), headers: res.headers };
  const answer = res.headers.get("content-type")?.includes("json") ? ((await res.json()) as { response_action?: string; errors?: Record<string, string> }) : null;
  if (!answer?.errors) return call("GET", `/api/v1/intents/${intentId}`, { token: r.adminToken });
  const text = answer.errors[REASON_BLOCK] ?? "";
  const code = /refused \(([a-z_]+)\)/.exec(text)?.[1] ?? (/does not know who you are/.test(text) ? "forbidden" : "unexplained");
  return { status: STATUS_OF[code] ?? 422, body: { error: { code, message: text } }, headers: new Headers() };
}
