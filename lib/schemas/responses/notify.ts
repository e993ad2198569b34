import { z } from "zod";
import { contract } from "../registry";
import { ZList, ZNullableTimestamp, ZTimestamp } from "./common";

export const ZPreferencesState = z.object({
  user_id: z.string(),
  email_events: z.array(z.string()),
  slack_events: z.array(z.string()),
  muted_agents: z.array(z.string()),
  muted_actions: z.array(z.string()),
  digest: z.boolean(),
  slack_user_id: z.string().nullable().describe("Your Slack identity, once found by your verified email or linked from Slack."),
  slack_linked_via: z.enum(["email", "link"]).nullable(),
  events: z.record(z.string(), z.string()).describe("Every event you can choose, with what it means."),
}).register(contract, { id: "NotificationPreferencesState" });

export const ZNotification = z.object({
  id: z.string(),
  kind: z.string(),
  channel: z.enum(["email", "slack"]),
  to: z.string(),
  user_id: z.string().nullable(),
  intent_id: z.string().nullable(),
  lease_id: z.string().nullable(),
  subject: z.string(),
  status: z.enum(["queued", "sent", "held", "failed"]),
  attempts: z.number().int(),
  last_error: z.string().nullable(),
  created_at: ZTimestamp,
  sent_at: ZNullableTimestamp,
}).register(contract, { id: "Notification" });

export const ZNotificationList = ZList(ZNotification).register(contract, { id: "NotificationList" });

export const ZNotificationWithMessage = ZNotification.extend({
  text: z.string().nullable().describe("An email's plain-text part (null for Slack: its card is built from the item when sent)."),
  html: z.string().nullable(),
}).register(contract, { id: "NotificationWithMessage" });

export const ZSlackState = z.object({
  connected: z.boolean(),
  team_id: z.string().nullable(),
  default_channel: z.string().nullable(),
  rule_channels: z.record(z.string(), z.string()),
  interactions_url: z.string().describe("Set it as the Slack app's Interactivity Request URL."),
  updated_at: ZNullableTimestamp,
}).register(contract, { id: "SlackState" });

export const ZSlackDisconnected = z.object({ connected: z.literal(false) }).register(contract, { id: "SlackDisconnected" });

export const ZSlackLinked = z.object({ user_id: z.string(), slack_user_id: z.string() }).register(contract, { id: "SlackLinked" });
