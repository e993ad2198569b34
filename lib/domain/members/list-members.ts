import { type Page, pageOf } from "../pagination";
import type { RequestContext } from "../request-context";

export async function listMembers(ctx: RequestContext, page: Page) {
  const rows = await ctx.db.membership.findMany({
    include: { user: { select: { email: true, name: true } } },
    orderBy: { id: "asc" },
    take: page.limit + 1,
    ...(page.cursor ? { where: { id: { gt: page.cursor } } } : {}),
  });
  return pageOf(rows, page.limit, (m) => m.id, (m) => ({
    user_id: m.userId,
    email: m.user.email,
    name: m.user.name,
    role: m.role,
    created_at: m.createdAt.toISOString(),
  }));
}
