import { notFound, validationFailed } from "../../errors";
import { PREFERENCE_EVENTS, PREFERENCE_EVENT_NAMES } from "../../notify/kinds";
import { appendAuditEvent } from "../audit/append-audit-event";
import type { UserContext } from "../request-context";

// A member's notification choices in this organization (GET/PUT /me/notifications). No row means
// the defaults: every event by email and Slack, nothing muted, no digest.

type Settings = { emailEvents: string[]; slackEvents: string[]; mutedAgents: string[]; mutedActions: string[]; digest: boolean; slackUserId: string | null; slackLinkedVia: string | null };

const DEFAULTS: Settings = { emailEvents: PREFERENCE_EVENT_NAMES, slackEvents: PREFERENCE_EVENT_NAMES, mutedAgents: [], mutedActions: [], digest: false, slackUserId: null, slackLinkedVia: null };

function serialize(userId: string, s: Settings) {
  return {
    user_id: userId,
    email_events: s.emailEvents,
    slack_events: s.slackEvents,
    muted_agents: s.mutedAgents,
    muted_actions: s.mutedActions,
    digest: s.digest,
    slack_user_id: s.slackUserId,
    slack_linked_via: s.slackLinkedVia as "email" | "link" | null,
    events: { ...PREFERENCE_EVENTS },
  };
}

export async function getPreferences(ctx: UserContext) {
  const row = await ctx.db.notificationSetting.findUnique({ where: { orgId_userId: { orgId: ctx.orgId, userId: ctx.principal.userId } } });
  return serialize(ctx.principal.userId, row ?? DEFAULTS);
}

export interface PreferencesInput {
  email_events?: string[];
  slack_events?: string[];
  muted_agents?: string[];
  muted_actions?: string[];
  digest?: boolean;
}

/** PUT /me/notifications: the fields given replace the current ones; a muted agent must be one of this organization's. */
export async function setPreferences(ctx: UserContext, input: PreferencesInput) {
  const userId = ctx.principal.userId;
  const changes = {
    ...(input.email_events && { emailEvents: input.email_events }),
    ...(input.slack_events && { slackEvents: input.slack_events }),
    ...(input.muted_agents && { mutedAgents: [...new Set(input.muted_agents)] }),
    ...(input.muted_actions && { mutedActions: [...new Set(input.muted_actions)] }),
    ...(input.digest !== undefined && { digest: input.digest }),
    updatedAt: new Date(),
  };
  return ctx.tx(async (tx) => {
    const member = await tx.membership.findUnique({ where: { orgId_userId: { orgId: ctx.orgId, userId } }, select: { userId: true } });
    if (!member) throw notFound("Membership");
    if (input.muted_agents?.length) {
      const known = new Set((await tx.agent.findMany({ where: { id: { in: input.muted_agents } }, select: { id: true } })).map((a) => a.id));
      const unknown = input.muted_agents.findIndex((id) => !known.has(id));
      if (unknown >= 0) throw validationFailed([{ path: ["muted_agents", String(unknown)], message: "not an agent of this organization" }]);
    }
    const row = await tx.notificationSetting.upsert({
      where: { orgId_userId: { orgId: ctx.orgId, userId } },
      create: { orgId: ctx.orgId, userId, emailEvents: DEFAULTS.emailEvents, slackEvents: DEFAULTS.slackEvents, ...changes },
      update: changes,
    });
    const { updatedAt: _, ...changed } = changes;
    await appendAuditEvent(tx, ctx.orgId, { actor: ctx.actor, type: "member.notifications_changed", subject: { type: "user", id: userId }, data: changed });
    return serialize(userId, row);
  });
}
