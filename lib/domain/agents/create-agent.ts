import { registerCredential } from "../../auth/credential-hashes";
import { mintToken } from "../../auth/secret-token";
import { lockKey } from "../../db/locks";
import { AppError, validationFailed } from "../../errors";
import { newId } from "../../ids";
import { appendAuditEvent } from "../audit/append-audit-event";
import type { UserContext } from "../request-context";
import { serializeAgent } from "./serialize-agent";

/**
 * POST /agents: a new agent identity; its API key is returned this once and stored only as a hash.
 * `owner_id` (default the caller) is the member accountable for it: it must be a member of this
 * org, and anyone else — another org's member or nobody — is the same 422.
 */
export async function createAgent(ctx: UserContext, input: { name: string; description?: string; owner_id?: string }) {
  const key = mintToken("agent");
  const ownerId = input.owner_id ?? ctx.actor.id;
  return ctx.tx(async (tx) => {
    // Names are what policies match on, so two live agents of one org may not share one.
    await lockKey(tx, `agent-name:${ctx.orgId}`);
    if (!(await tx.membership.findFirst({ where: { userId: ownerId }, select: { id: true } }))) {
      throw validationFailed([{ path: ["owner_id"], message: "must be a member of this organization" }]);
    }
    const clash = await tx.agent.findFirst({ where: { name: input.name, deletedAt: null } });
    if (clash) throw new AppError("conflict", `An agent named "${input.name}" already exists`);
    const agent = await tx.agent.create({
      data: {
        id: newId("agt"),
        orgId: ctx.orgId,
        name: input.name,
        description: input.description ?? null,
        keyHash: key.hash,
        keySuffix: key.suffix,
        ownerId,
      },
    });
    await registerCredential(tx, ctx.orgId, "agent", key.hash);
    await appendAuditEvent(tx, ctx.orgId, {
      actor: ctx.actor,
      type: "agent.created",
      subject: { type: "agent", id: agent.id },
      data: { name: agent.name, owner_id: ownerId },
    });
    return { ...serializeAgent(agent), api_key: key.token };
  });
}
