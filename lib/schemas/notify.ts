import { z } from "zod";
import { PREFERENCE_EVENT_NAMES } from "../notify/kinds";
import { ZId, ZPage } from "./common";
import { contract } from "./registry";

// Notifications (issue 17): a member's choices, the org's delivery log and dev mailbox, Slack.

const ZEvents = z
  .array(z.enum(PREFERENCE_EVENT_NAMES as [string, ...string[]]))
  .max(PREFERENCE_EVENT_NAMES.length)
  .refine((events) => new Set(events).size === events.length, "must not list an event twice");

export const ZNotificationPreferences = z.strictObject({
  email_events: ZEvents.optional().describe("Events that reach you by email."),
  slack_events: ZEvents.optional().describe("Events that reach you as a Slack DM (once your Slack identity is known)."),
  muted_agents: z.array(ZId).max(100).optional().describe("Agent ids whose items never notify you."),
  muted_actions: z.array(z.string().min(1).max(200)).max(100).optional().describe("Actions (exact names) whose items never notify you."),
  digest: z.boolean().optional().describe("A daily digest of the items waiting for you."),
}).register(contract, { id: "NotificationPreferences" });

export const ZNotificationQuery = z.strictObject({
  ...ZPage,
  channel: z.enum(["email", "slack"]).optional(),
  intent_id: ZId.optional(),
});

/** Slack's ids: channels C…/G…, users U…/W…; a channel may also be given by name (#approvals). */
const ZSlackChannel = z.string().trim().regex(/^(#[a-z0-9][a-z0-9._-]{0,79}|[CGD][A-Z0-9]{2,30})$/, "a channel id (C0123…) or #name");

export const ZSlackConnection = z.strictObject({
  bot_token: z.string().trim().regex(/^xoxb-[A-Za-z0-9-]{10,250}$/, "a bot token (xoxb-…)"),
  signing_secret: z.string().trim().regex(/^[0-9a-f]{32,64}$/, "the app's signing secret (hex)"),
  default_channel: ZSlackChannel,
  rule_channels: z.record(z.string().min(1).max(100), ZSlackChannel).optional().describe("A channel per policy rule id; the rest go to default_channel."),
}).register(contract, { id: "SlackConnection" });

export const ZSlackLink = z.strictObject({
  token: z.string().min(10).max(2000).describe("The link Tollgate sent you in Slack carries it."),
}).register(contract, { id: "SlackLink" });
