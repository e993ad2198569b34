import { createAgent } from "@/lib/domain/agents/create-agent";
import { listAgents } from "@/lib/domain/agents/manage-agent";
import { created, route } from "@/lib/http/route";
import { ZCreateAgent, ZListQuery } from "@/lib/schemas/members";

// GET /api/v1/agents — the org's agents (viewer+)
export const GET = route({ caller: "user", role: "viewer", query: ZListQuery }, async ({ auth, query }) => listAgents(auth.orgId, query));

// POST /api/v1/agents — create an agent; its key is shown once (admin)
export const POST = route({ caller: "user", role: "admin", body: ZCreateAgent }, async ({ auth, body }) => created(await createAgent(auth, body)));
