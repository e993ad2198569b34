import { lockKey } from "../../db/locks";
import { type OrgTx, rowKey } from "../../db/scoped";
import { AppError, notFound, validationFailed } from "../../errors";
import { newId } from "../../ids";
import { appendAuditEvent } from "../audit/append-audit-event";
import { type Page, pageOf } from "../pagination";
import { GROUP_NAME } from "../../policy/schema";
import { activePolicy } from "../policies/active-policy";
import type { RequestContext, UserContext } from "../request-context";

// Reviewer groups (API.md): named sets of members that a rule's `reviewers` assigns among.
// A group grants no authority: assignment still needs the rule's approver_role, and so does
// resolving. Changes serialize on one lock per org, which the policy save takes too, so a
// policy never comes to name a group that is being renamed or deleted.

type GroupRow = { id: string; name: string; createdAt: Date; updatedAt: Date; members: { userId: string }[] };

const GROUP_INCLUDE = { members: { select: { userId: true }, orderBy: { userId: "asc" as const } } };

export const groupsLockKey = (orgId: string) => `reviewer-groups:${orgId}`;

function serializeGroup(g: GroupRow) {
  return { id: g.id, name: g.name, member_ids: g.members.map((m) => m.userId), created_at: g.createdAt.toISOString(), updated_at: g.updatedAt.toISOString() };
}

/** Every id must be a member of this organization; an unknown id and another org's look the same. */
async function assertMembers(tx: OrgTx, memberIds: string[]) {
  const found = new Set((await tx.membership.findMany({ where: { userId: { in: memberIds } }, select: { userId: true } })).map((m) => m.userId));
  const issues = memberIds.flatMap((id, i) => (found.has(id) ? [] : [{ path: ["member_ids", String(i)], message: "is not a member of this organization" }]));
  if (issues.length > 0) throw validationFailed(issues);
}

/** The groups the active policy's approval rules name (reviewers is ignored on other rules), with the first rule naming each. */
async function groupsNamedByPolicy(orgId: string, tx: OrgTx): Promise<Map<string, string>> {
  const { compiled } = await activePolicy(orgId, tx);
  const named = new Map<string, string>();
  for (const rule of compiled?.rules ?? []) for (const name of rule.decisions.other.reviewerGroups) if (!named.has(name)) named.set(name, rule.id);
  return named;
}

async function assertNotNamedByPolicy(orgId: string, tx: OrgTx, name: string, doing: string) {
  const rule = (await groupsNamedByPolicy(orgId, tx)).get(name);
  if (rule) throw new AppError("conflict", `The active policy's rule "${rule}" names the group "${name}"; change the policy before you ${doing} it`, { rule });
}

async function findGroup(tx: OrgTx, name: string): Promise<GroupRow> {
  // A path segment that is no group name names no group: not found, without a query.
  const group = GROUP_NAME.test(name) ? await tx.reviewerGroup.findFirst({ where: { name }, include: GROUP_INCLUDE }) : null;
  if (!group) throw notFound("Group");
  return group;
}

async function assertNameFree(tx: OrgTx, name: string) {
  if (await tx.reviewerGroup.findFirst({ where: { name }, select: { id: true } })) throw new AppError("conflict", `A group named "${name}" exists already`);
}

/** POST /groups. */
export async function createGroup(ctx: UserContext, input: { name: string; member_ids: string[] }) {
  return ctx.tx(async (tx) => {
    await lockKey(tx, groupsLockKey(ctx.orgId));
    await assertNameFree(tx, input.name);
    await assertMembers(tx, input.member_ids);
    const id = newId("grp");
    await tx.reviewerGroup.create({ data: { id, orgId: ctx.orgId, name: input.name } });
    await tx.reviewerGroupMember.createMany({ data: input.member_ids.map((userId) => ({ orgId: ctx.orgId, groupId: id, userId })) });
    await appendAuditEvent(tx, ctx.orgId, { actor: ctx.actor, type: "group.created", subject: { type: "group", id }, data: { name: input.name, member_ids: input.member_ids } });
    return serializeGroup(await findGroup(tx, input.name));
  });
}

/** GET /groups, by name. */
export async function listGroups(ctx: RequestContext, page: Page) {
  const rows = await ctx.db.reviewerGroup.findMany({
    include: GROUP_INCLUDE,
    orderBy: { name: "asc" },
    take: page.limit + 1,
    ...(page.cursor ? { where: { name: { gt: page.cursor } } } : {}),
  });
  return pageOf(rows, page.limit, (g) => g.name, serializeGroup);
}

/** PATCH /groups/{name}: renames and/or replaces the members. A group the active policy names keeps its name. */
export async function updateGroup(ctx: UserContext, name: string, input: { name?: string; member_ids?: string[] }) {
  return ctx.tx(async (tx) => {
    await lockKey(tx, groupsLockKey(ctx.orgId));
    const group = await findGroup(tx, name);
    const renamed = input.name !== undefined && input.name !== name;
    if (renamed) {
      await assertNotNamedByPolicy(ctx.orgId, tx, name, "rename");
      await assertNameFree(tx, input.name!);
    }
    if (input.member_ids) {
      await assertMembers(tx, input.member_ids);
      await tx.reviewerGroupMember.deleteMany({ where: { groupId: group.id } });
      await tx.reviewerGroupMember.createMany({ data: input.member_ids.map((userId) => ({ orgId: ctx.orgId, groupId: group.id, userId })) });
    }
    await tx.reviewerGroup.update({ where: rowKey(ctx.orgId, group.id), data: { name: input.name ?? name, updatedAt: new Date() } });
    await appendAuditEvent(tx, ctx.orgId, {
      actor: ctx.actor,
      type: "group.updated",
      subject: { type: "group", id: group.id },
      data: { name: input.name ?? name, ...(renamed ? { previous_name: name } : {}), ...(input.member_ids ? { member_ids: input.member_ids, previous_member_ids: group.members.map((m) => m.userId) } : {}) },
    });
    return serializeGroup(await findGroup(tx, input.name ?? name));
  });
}

/** DELETE /groups/{name}; refused while the active policy names it. */
export async function deleteGroup(ctx: UserContext, name: string) {
  return ctx.tx(async (tx) => {
    await lockKey(tx, groupsLockKey(ctx.orgId));
    const group = await findGroup(tx, name);
    await assertNotNamedByPolicy(ctx.orgId, tx, name, "delete");
    await tx.reviewerGroup.delete({ where: rowKey(ctx.orgId, group.id) });
    await appendAuditEvent(tx, ctx.orgId, { actor: ctx.actor, type: "group.deleted", subject: { type: "group", id: group.id }, data: { name, member_ids: group.members.map((m) => m.userId) } });
    return { name, deleted: true as const };
  });
}

/** PUT /policy's check, in its transaction: every group an approval rule names exists (422 invalid_policy naming the rule). */
export async function assertPolicyGroupsExist(tx: OrgTx, allRules: readonly { id: string; decision: string; reviewers?: string[] }[]) {
  const rules = allRules.map((rule, index) => ({ rule, index })).filter(({ rule }) => rule.decision === "require_approval");
  const named = [...new Set(rules.flatMap(({ rule }) => rule.reviewers ?? []))];
  if (named.length === 0) return;
  const existing = new Set((await tx.reviewerGroup.findMany({ where: { name: { in: named } }, select: { name: true } })).map((g) => g.name));
  for (const { rule, index } of rules) {
    for (const [i, name] of (rule.reviewers ?? []).entries()) {
      if (existing.has(name)) continue;
      const field = `rules[${index}].reviewers[${i}]`;
      const message = `${field}: no reviewer group is named "${name}" (POST /api/v1/groups)`;
      throw new AppError("invalid_policy", `Invalid policy (rule "${rule.id}", field ${field}): ${message}`, { rule: rule.id, field, issues: [{ rule: rule.id, field, message }] });
    }
  }
}
