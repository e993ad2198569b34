import { ZNotificationPreferences, ZNotificationQuery, ZSlackConnection, ZSlackLink } from "../../schemas/notify";
import {
  ZNotificationList,
  ZNotificationWithMessage,
  ZPreferencesState,
  ZSlackDisconnected,
  ZSlackLinked,
  ZSlackState,
} from "../../schemas/responses/notify";
import { defineOperation } from "../operation";

const notify: ["Notifications"] = ["Notifications"];

export const notifyOperations = {
  getNotificationPreferences: defineOperation({
    method: "GET",
    path: "/api/v1/me/notifications",
    summary: "Your notification choices",
    description: "Which events reach you by email and by Slack, what you muted, the daily digest, and your Slack identity, in this organization.",
    tags: notify,
    caller: "user",
    role: "viewer",
    responses: { 200: { description: "Your choices (the defaults until you change one).", schema: ZPreferencesState } },
  }),

  setNotificationPreferences: defineOperation({
    method: "PUT",
    path: "/api/v1/me/notifications",
    summary: "Choose what reaches you, where",
    description:
      "The fields given replace yours. Events: approval_request, reminder, escalation, outcome, lease. Muting an agent or an action silences its items for you; it changes nothing about what you may resolve, and the item stays in the queue.",
    tags: notify,
    caller: "user",
    role: "viewer",
    body: ZNotificationPreferences,
    example: { email_events: ["approval_request", "escalation"], slack_events: ["approval_request"], muted_actions: ["crm.note"], digest: true },
    responses: { 200: { description: "Your choices as they are now.", schema: ZPreferencesState } },
  }),

  listNotifications: defineOperation({
    method: "GET",
    path: "/api/v1/notifications",
    summary: "The organization's notifications",
    description:
      "Every email and Slack message Tollgate sent or tried to send about this organization's items and leases, newest first, with its delivery status. Without SMTP_URL emails are held here: this is the dev mailbox. Mails about a person's account (password reset, email verification, invitations) are never listed.",
    tags: notify,
    caller: "user",
    role: "admin",
    query: ZNotificationQuery,
    responses: { 200: { description: "One page of notifications.", schema: ZNotificationList } },
  }),

  getNotification: defineOperation({
    method: "GET",
    path: "/api/v1/notifications/{id}",
    summary: "One notification, with an email's text and HTML",
    tags: notify,
    caller: "user",
    role: "admin",
    responses: { 200: { description: "The notification.", schema: ZNotificationWithMessage } },
  }),

  getSlack: defineOperation({
    method: "GET",
    path: "/api/v1/integrations/slack",
    summary: "The Slack connection",
    description: "Never the bot token or the signing secret. `interactions_url` is what the Slack app's Interactivity Request URL must be.",
    tags: notify,
    caller: "user",
    role: "admin",
    responses: { 200: { description: "Connected or not, and where cards go.", schema: ZSlackState } },
  }),

  connectSlack: defineOperation({
    method: "PUT",
    path: "/api/v1/integrations/slack",
    summary: "Connect a Slack workspace, or change its channels",
    description:
      "The bot token is checked with Slack (auth.test) before anything is saved: a token Slack refuses is 422 validation_failed, Slack unreachable is 503. Both secrets are stored sealed and never shown again.",
    tags: notify,
    caller: "user",
    role: "admin",
    body: ZSlackConnection,
    example: { bot_token: "xoxb-1111-2222-abcdefABCDEF", signing_secret: "8f742231b10e8888abcd0000000085a5", default_channel: "#approvals", rule_channels: { refunds: "#finance" } },
    responses: { 200: { description: "The connection.", schema: ZSlackState } },
    errors: ["service_unavailable"],
  }),

  disconnectSlack: defineOperation({
    method: "DELETE",
    path: "/api/v1/integrations/slack",
    summary: "Disconnect Slack",
    description: "Cards stop; those already posted stay as they are, and their buttons are refused.",
    tags: notify,
    caller: "user",
    role: "admin",
    responses: { 200: { description: "Disconnected.", schema: ZSlackDisconnected } },
  }),

  linkSlack: defineOperation({
    method: "POST",
    path: "/api/v1/me/slack-link",
    summary: "Link your Slack identity",
    description:
      "When Tollgate cannot tell who you are in Slack (your Slack email is not your verified one), pressing a card's button answers you, in Slack and only you, with a link; following it signed in to the dashboard links that Slack user to you. The link names this organization and lasts 15 minutes. Dashboard sessions only; a Slack user another member holds is 409 conflict.",
    tags: notify,
    caller: "user",
    role: "viewer",
    sessionOnly: true,
    body: ZSlackLink,
    example: { token: "eyJhbGciOiJIUzI1NiJ9.eyJvcmciOiJvcmdfLi4uIn0.c2lnbmF0dXJl" },
    responses: { 200: { description: "Linked.", schema: ZSlackLinked } },
    errors: ["conflict"],
  }),
};
