import { db } from "../../db/client";
import { type OrgTx, inOrgTx } from "../../db/scoped";
import { AppError } from "../../errors";
import { newId } from "../../ids";
import { type AuditInput, appendAuditEvent } from "../audit/append-audit-event";

export interface Founding<T> {
  name: string;
  adminUserId: string;
  /** Who founded it, as the audit event names them (the CLI's bootstrap is the system). */
  actor: AuditInput["actor"];
  event: "org.bootstrapped" | "org.created";
  /** Runs first in the transaction: the bootstrap creates the admin's account here. */
  before?: (tx: OrgTx) => Promise<void>;
  /** Runs last in the transaction: the bootstrap issues the admin's first token here. */
  after?: (tx: OrgTx, orgId: string) => Promise<T>;
}

const taken = (name: string) => new AppError("conflict", `Organization "${name}" already exists; nothing was changed`);

/**
 * What makes an organization, for the CLI's bootstrap and for POST /orgs alike: the organization,
 * its first admin's membership and the audit event that says who founded it, in one transaction.
 * A taken name is 409 conflict; of two foundings racing for one name the unique index decides,
 * and the loser changes nothing.
 */
export async function foundOrg<T = undefined>(founding: Founding<T>): Promise<{ orgId: string; after: T | undefined }> {
  if (await db().organization.findUnique({ where: { name: founding.name }, select: { id: true } })) throw taken(founding.name);
  const orgId = newId("org");
  try {
    return await inOrgTx(orgId, async (tx) => {
      await founding.before?.(tx);
      await tx.organization.create({ data: { id: orgId, name: founding.name } });
      await tx.membership.create({ data: { id: newId("mem"), orgId, userId: founding.adminUserId, role: "admin" } });
      const after = await founding.after?.(tx, orgId);
      await appendAuditEvent(tx, orgId, {
        actor: founding.actor,
        type: founding.event,
        subject: { type: "organization", id: orgId },
        data: { name: founding.name, admin_user_id: founding.adminUserId },
      });
      return { orgId, after };
    });
  } catch (error) {
    // Another unique index (a bootstrap's new email) is not a taken name.
    const nameTaken = (error as { code?: string }).code === "P2002" && (await db().organization.findUnique({ where: { name: founding.name }, select: { id: true } }));
    if (nameTaken) throw taken(founding.name);
    throw error;
  }
}
