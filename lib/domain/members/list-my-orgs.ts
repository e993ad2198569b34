import { db } from "../../db/client";
import type { UserContext } from "../request-context";

/** The organizations a user belongs to, for the org switcher (keyed by the user, so unscoped by design). */
export async function listMyOrgs(ctx: UserContext) {
  const rows = await db().membership.findMany({
    where: { userId: ctx.principal.userId },
    include: { org: { select: { id: true, name: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((m) => ({ id: m.org.id, name: m.org.name, role: m.role }));
}
