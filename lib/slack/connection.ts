import { open, seal } from "../auth/secret-box";
import { db } from "../db/client";
import type { OrgTx } from "../db/scoped";
import { AppError, validationFailed } from "../errors";
import { appendAuditEvent } from "../domain/audit/append-audit-event";
import type { UserContext } from "../domain/request-context";
import { appOrigin } from "../http/public-origin";
import { slackClient } from "./client";
import { linkMembersByEmail } from "./identity";

// An organization's Slack app (settings, admins): its bot token and signing secret are sealed with
// TOLLGATE_SECRET (never shown again, never logged), with the default channel and a channel per
// policy rule. Saving checks the token with Slack's auth.test, so a typo fails at once, not at the
// first approval request.

const TOKEN_PURPOSE = "slack-bot-token";
const SECRET_PURPOSE = "slack-signing-secret";

export interface SlackSettings {
  botToken: string;
  signingSecret: string;
  defaultChannel: string;
  ruleChannels: Record<string, string>;
  teamId: string | null;
}

/** The org's Slack settings with its secrets opened, or null when Slack is not connected. System-run (the notifier, the interactions endpoint). */
export async function slackSettings(orgId: string, tx?: OrgTx): Promise<SlackSettings | null> {
  const row = await (tx ?? db()).slackConnection.findUnique({ where: { orgId } });
  if (!row) return null;
  return {
    botToken: open(TOKEN_PURPOSE, row.sealedBotToken, orgId),
    signingSecret: open(SECRET_PURPOSE, row.sealedSigningSecret, orgId),
    defaultChannel: row.defaultChannel,
    ruleChannels: row.ruleChannels as Record<string, string>,
    teamId: row.teamId,
  };
}

/** The channel an item's card goes to: its rule's, else the default. */
export const channelFor = (settings: Pick<SlackSettings, "defaultChannel" | "ruleChannels">, ruleId: string | null) =>
  (ruleId && settings.ruleChannels[ruleId]) || settings.defaultChannel;

/** Where Slack must send interactions for this org (the app's Interactivity Request URL). */
export const interactionsUrl = (orgId: string) => `${appOrigin()}/api/slack/interactions/${orgId}`;

/** What GET /integrations/slack shows: never the secrets. */
export async function describeSlack(ctx: UserContext) {
  const row = await ctx.db.slackConnection.findUnique({ where: { orgId: ctx.orgId } });
  return {
    connected: row !== null,
    team_id: row?.teamId ?? null,
    default_channel: row?.defaultChannel ?? null,
    rule_channels: (row?.ruleChannels ?? {}) as Record<string, string>,
    interactions_url: interactionsUrl(ctx.orgId),
    updated_at: row?.updatedAt.toISOString() ?? null,
  };
}

export interface SlackInput {
  bot_token: string;
  signing_secret: string;
  default_channel: string;
  rule_channels?: Record<string, string>;
}

/** PUT /integrations/slack: checks the token with Slack, then stores it sealed. */
export async function connectSlack(ctx: UserContext, input: SlackInput) {
  let teamId: string | null;
  try {
    const answer = await slackClient(input.bot_token).auth.test();
    teamId = answer.team_id ?? null;
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error;
    if (code) throw validationFailed([{ path: ["bot_token"], message: `Slack refused this token: ${code}` }]);
    throw new AppError("service_unavailable", "Slack could not be reached to check the token; nothing was saved");
  }
  const data = {
    teamId,
    sealedBotToken: seal(TOKEN_PURPOSE, input.bot_token, ctx.orgId),
    sealedSigningSecret: seal(SECRET_PURPOSE, input.signing_secret, ctx.orgId),
    defaultChannel: input.default_channel,
    ruleChannels: input.rule_channels ?? {},
    updatedAt: new Date(),
  };
  await ctx.tx(async (tx) => {
    await tx.slackConnection.upsert({ where: { orgId: ctx.orgId }, create: { orgId: ctx.orgId, createdBy: ctx.principal.userId, ...data }, update: data });
    await appendAuditEvent(tx, ctx.orgId, {
      actor: ctx.actor,
      type: "slack.connected",
      subject: { type: "org", id: ctx.orgId },
      data: { team_id: teamId, default_channel: input.default_channel, rule_channels: input.rule_channels ?? {} },
    });
  });
  // Members' Slack identities by their verified emails, for DMs and for knowing who clicks.
  await linkMembersByEmail(ctx.orgId, slackClient(input.bot_token)).catch((error) => console.error("[slack] lookups:", (error as Error).message));
  return describeSlack(ctx);
}

/** DELETE /integrations/slack: Slack is disconnected (already so: the same answer); cards already posted stay as they are. */
export async function disconnectSlack(ctx: UserContext) {
  await ctx.tx(async (tx) => {
    const { count } = await tx.slackConnection.deleteMany({ where: { orgId: ctx.orgId } });
    if (count > 0) await appendAuditEvent(tx, ctx.orgId, { actor: ctx.actor, type: "slack.disconnected", subject: { type: "org", id: ctx.orgId }, data: {} });
  });
  return { connected: false as const };
}
