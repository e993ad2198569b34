import { db } from "../../db/client";

/** The organizations a user belongs to, for the org switcher (keyed by the user, so unscoped by design). */
export async function listMyOrgs(userId: string) {
  const rows = await db().membership.findMany({
    where: { userId },
    include: { org: { select: { id: true, name: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((m) => ({ id: m.org.id, name: m.org.name, role: m.role }));
}
