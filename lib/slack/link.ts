import { SignJWT, jwtVerify } from "jose";
import { deriveSecret } from "../auth/server-secret";
import { appendAuditEvent } from "../domain/audit/append-audit-event";
import type { UserContext } from "../domain/request-context";
import { AppError, validationFailed } from "../errors";
import { PREFERENCE_EVENT_NAMES } from "../notify/kinds";
import { appOrigin } from "../http/public-origin";

// Linking a Slack identity when no verified email matches (the member's Slack email differs).
// A card's button pressed by an unknown Slack user answers, to that user only, with a link that
// carries a short-lived token naming the Slack user and the organization (HS256 under a key
// derived from TOLLGATE_SECRET). Following it signed in to the dashboard links that Slack user to
// the signed-in member: it takes both the Slack click and the dashboard session, so neither a
// Slack user nor a cookie holder alone can claim the other's identity.

const PURPOSE = "slack-link";
const VALID = "15m";
const key = () => new Uint8Array(deriveSecret(PURPOSE, "v1"));

export async function slackLinkUrl(orgId: string, slackUserId: string): Promise<string> {
  const token = await new SignJWT({ org: orgId, purpose: PURPOSE }).setProtectedHeader({ alg: "HS256" }).setSubject(slackUserId).setIssuedAt().setExpirationTime(VALID).sign(key());
  return `${appOrigin()}/settings?slack_link=${encodeURIComponent(token)}`;
}

/** POST /me/slack-link: links the token's Slack user to the signed-in member (dashboard sessions only). */
export async function linkSlack(ctx: UserContext, token: string) {
  if (ctx.principal.via !== "session") throw new AppError("forbidden", "Slack is linked from the dashboard, signed in, not with API tokens");
  let slackUserId: string;
  try {
    const { payload } = await jwtVerify(token, key(), { algorithms: ["HS256"] });
    if (payload.purpose !== PURPOSE || payload.org !== ctx.orgId || typeof payload.sub !== "string") throw new Error("wrong link");
    slackUserId = payload.sub;
  } catch {
    throw validationFailed([{ path: ["token"], message: "this Slack link is expired, altered or for another organization" }]);
  }
  const userId = ctx.principal.userId;
  return ctx.tx(async (tx) => {
    const holder = await tx.notificationSetting.findFirst({ where: { slackUserId }, select: { userId: true } });
    if (holder && holder.userId !== userId) throw new AppError("conflict", "That Slack user is linked to another member of this organization");
    await tx.notificationSetting.upsert({
      where: { orgId_userId: { orgId: ctx.orgId, userId } },
      create: { orgId: ctx.orgId, userId, emailEvents: PREFERENCE_EVENT_NAMES, slackEvents: PREFERENCE_EVENT_NAMES, slackUserId, slackLinkedVia: "link" },
      update: { slackUserId, slackLinkedVia: "link", updatedAt: new Date() },
    });
    await appendAuditEvent(tx, ctx.orgId, { actor: ctx.actor, type: "member.slack_linked", subject: { type: "user", id: userId }, data: { slack_user_id: slackUserId } });
    return { user_id: userId, slack_user_id: slackUserId };
  });
}
