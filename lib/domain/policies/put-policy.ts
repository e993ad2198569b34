import type { UserPrincipal } from "../../auth/principal";
import { writeExactJson } from "../../db/exact-json";
import { lockKey } from "../../db/locks";
import { inOrgTx } from "../../db/scoped";
import { newId } from "../../ids";
import { type PolicyFormat, policySnapshot } from "../../policy";
import { appendAuditEvent } from "../audit/append-audit-event";
import { parsePolicyOrThrow } from "./read-policy-text";

/** PUT /policy: validates and saves a new version; saving an unchanged document keeps the current version. */
export async function putPolicy(auth: UserPrincipal, text: string, format: PolicyFormat) {
  const document = parsePolicyOrThrow(text, format);
  const snapshot = policySnapshot(document);
  return inOrgTx(auth.orgId, async (tx) => {
    // Versions are numbered per org; the lock makes concurrent saves take turns instead of colliding.
    await lockKey(tx, `policy:${auth.orgId}`);
    const latest = await tx.policyVersion.findFirst({ orderBy: { version: "desc" } });
    if (latest?.snapshot === snapshot) return { snapshot, version: latest.version, rules: latest.rulesCount };
    const version = (latest?.version ?? 0) + 1;
    const id = newId("pol");
    await tx.policyVersion.create({
      data: {
        id,
        orgId: auth.orgId,
        version,
        snapshot,
        format,
        source: text,
        document: {}, // written exactly below

        rulesCount: document.rules.length,
        createdById: auth.userId,
      },
    });
    await writeExactJson(tx, "policy_versions", { orgId: auth.orgId, id }, { document });
    await appendAuditEvent(tx, auth.orgId, {
      actor: { type: "user", id: auth.userId },
      type: "policy.updated",
      subject: { type: "policy", id: snapshot },
      data: { version, previous_snapshot: latest?.snapshot ?? null, rules: document.rules.length },
    });
    return { snapshot, version, rules: document.rules.length };
  });
}
