import type { WebClient } from "@slack/web-api";
import { resolveApproval } from "../domain/approvals/resolve-approval";
import { contextOf } from "../domain/request-context";
import { AppError } from "../errors";
import { mayCall } from "../http/may-call";
import { operations } from "../http/operations";
import type { Role } from "../roles";
import { APPROVE_ACTION, APPROVE_VIEW, REASON_BLOCK, REASON_INPUT, REJECT_ACTION, REJECT_VIEW, decisionModal } from "./card";
import { slackClient } from "./client";
import { slackSettings } from "./connection";
import { memberForSlackUser } from "./identity";
import { slackLinkUrl } from "./link";
import { checkSignature, takeSignature } from "./signature";

// The interactions endpoint (POST /api/slack/interactions/{org_id}): Approve, Reject and the
// reject modal's submission from an item's card. It takes only requests Slack signed with this
// org's signing secret, within five minutes, once; from this org's workspace; by a Slack user who
// is a member. Each decision goes through resolveApproval exactly as the dashboard's and the API's
// do, so every rule holds here too: roles, separate_duties, step-up (never from Slack), the SLA,
// assigned_only, one human counted once whichever door they use, a reason to reject.

export interface SlackAnswer {
  status: number;
  body: Record<string, unknown> | null;
}

interface Payload {
  type?: string;
  team?: { id?: string };
  user?: { id?: string };
  trigger_id?: string;
  response_url?: string;
  actions?: { action_id?: string; value?: string }[];
  view?: { callback_id?: string; private_metadata?: string; state?: { values?: Record<string, Record<string, { value?: string | null }>> } };
}

/** Refusals in the contract's error shape, though only Slack calls here. */
const refused = (status: number, message: string): SlackAnswer => ({
  status,
  body: { error: { code: status === 401 ? "unauthorized" : status === 403 ? "forbidden" : status === 404 ? "not_found" : "bad_request", message } },
});

/** Tells the clicking user (only them) why nothing happened, through the interaction's response_url. */
async function tellUser(responseUrl: string | undefined, text: string): Promise<void> {
  if (!responseUrl?.startsWith("http")) return;
  await fetch(responseUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ response_type: "ephemeral", replace_original: false, text }),
    signal: AbortSignal.timeout(5000),
  }).catch((error) => console.error("[slack] response_url:", (error as Error).message));
}

const explain = (error: unknown) => (error instanceof AppError ? `Tollgate refused (${error.code}): ${error.message}` : "Tollgate could not record that; try again or open the item in Tollgate");

/** A decision as the API's route would take it: the operation's role first (route() checks it before the domain), then resolveApproval. */
async function decide(orgId: string, member: { userId: string; role: Role }, intentId: string, decision: "approve" | "reject", reason?: string) {
  const operation = decision === "approve" ? operations.approveIntent : operations.rejectIntent;
  if (!mayCall(operation, member)) throw new AppError("forbidden", `Resolving needs the ${operation.role} role; you are ${member.role}`);
  const ctx = contextOf({ kind: "user", orgId, userId: member.userId, role: member.role, via: "slack" });
  return resolveApproval(ctx, intentId, { decision, reason, via: "slack" });
}

export async function handleSlackInteraction(orgId: string, raw: string, headers: Headers): Promise<SlackAnswer> {
  const settings = await slackSettings(orgId).catch(() => null);
  if (!settings) return refused(404, "not found");
  const signature = headers.get("x-slack-signature");
  const verdict = checkSignature(settings.signingSecret, raw, headers.get("x-slack-request-timestamp"), signature);
  if (!verdict.ok) return refused(401, verdict.reason);
  if (!(await takeSignature(orgId, signature as string))) return refused(401, "replayed request");

  let payload: Payload;
  try {
    payload = JSON.parse(new URLSearchParams(raw).get("payload") ?? "");
  } catch {
    return refused(400, "no interaction payload");
  }
  if (!payload || typeof payload !== "object") return refused(400, "no interaction payload");
  if (settings.teamId && payload.team?.id !== settings.teamId) return refused(403, "another workspace");
  const client: WebClient = slackClient(settings.botToken);
  const slackUserId = payload.user?.id;
  const member = slackUserId ? await memberForSlackUser(orgId, slackUserId, client) : null;

  if (payload.type === "block_actions") {
    const action = payload.actions?.[0];
    if (!action || (action.action_id !== APPROVE_ACTION && action.action_id !== REJECT_ACTION)) return { status: 200, body: null };
    if (!member) {
      const link = slackUserId ? await slackLinkUrl(orgId, slackUserId) : null;
      await tellUser(payload.response_url, `Tollgate does not know who you are: your Slack email matches no verified member's email in this organization.${link ? ` If you are a member, link your Slack identity (signed in to Tollgate, within 15 minutes): ${link}` : ""}`);
      return { status: 200, body: null };
    }
    // Both buttons open a modal; the decision is taken on its submission.
    const decision = action.action_id === APPROVE_ACTION ? "approve" : "reject";
    const view = decisionModal(decision, String(action.value ?? ""), "this item");
    await client.views.open({ trigger_id: String(payload.trigger_id ?? ""), view }).catch((error) => tellUser(payload.response_url, explain(error)));
    return { status: 200, body: null };
  }

  const view = payload.view;
  if (payload.type === "view_submission" && (view?.callback_id === REJECT_VIEW || view?.callback_id === APPROVE_VIEW)) {
    const failed = (message: string): SlackAnswer => ({ status: 200, body: { response_action: "errors", errors: { [REASON_BLOCK]: message } } });
    if (!member) return failed("Tollgate does not know who you are in this organization");
    const decision = view.callback_id === APPROVE_VIEW ? "approve" : "reject";
    const reason = view.state?.values?.[REASON_BLOCK]?.[REASON_INPUT]?.value?.trim() || undefined;
    if (decision === "reject" && !reason) return failed("Say why: the agent is told the reason");
    try {
      await decide(orgId, member, String(view.private_metadata ?? ""), decision, reason);
      return { status: 200, body: null };
    } catch (error) {
      return failed(explain(error));
    }
  }
  return { status: 200, body: null };
}
