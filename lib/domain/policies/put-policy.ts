import { writeExactJson } from "../../db/exact-json";
import { lockKey } from "../../db/locks";
import { newId } from "../../ids";
import { type PolicyFormat, policySnapshot } from "../../policy";
import { appendAuditEvent } from "../audit/append-audit-event";
import { assertPolicyGroupsExist, groupsLockKey } from "../groups/reviewer-groups";
import type { UserContext } from "../request-context";
import { parsePolicyOrThrow } from "./read-policy-text";

/** PUT /policy: validates and saves a new version; saving an unchanged document keeps the current version. */
export async function putPolicy(ctx: UserContext, text: string, format: PolicyFormat) {
  const document = parsePolicyOrThrow(text, format);
  const snapshot = policySnapshot(document);
  return ctx.tx(async (tx) => {
    // Versions are numbered per org; the lock makes concurrent saves take turns instead of colliding.
    await lockKey(tx, `policy:${ctx.orgId}`);
    // Groups are checked under their own lock, so none is renamed or deleted between this check and the commit.
    await lockKey(tx, groupsLockKey(ctx.orgId));
    await assertPolicyGroupsExist(tx, document.rules);
    const latest = await tx.policyVersion.findFirst({ orderBy: { version: "desc" } });
    if (latest?.snapshot === snapshot) return { snapshot, version: latest.version, rules: latest.rulesCount };
    const version = (latest?.version ?? 0) + 1;
    const id = newId("pol");
    await tx.policyVersion.create({
      data: {
        id,
        orgId: ctx.orgId,
        version,
        snapshot,
        format,
        source: text,
        document: {}, // written exactly below

        rulesCount: document.rules.length,
        createdById: ctx.actor.id,
      },
    });
    await writeExactJson(tx, "policy_versions", { orgId: ctx.orgId, id }, { document });
    await appendAuditEvent(tx, ctx.orgId, {
      actor: ctx.actor,
      type: "policy.updated",
      subject: { type: "policy", id: snapshot },
      data: { version, previous_snapshot: latest?.snapshot ?? null, rules: document.rules.length },
    });
    return { snapshot, version, rules: document.rules.length };
  });
}
