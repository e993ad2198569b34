import { createAgent } from "@/lib/domain/agents/create-agent";
import { listAgents } from "@/lib/domain/agents/manage-agent";
import { operations } from "@/lib/http/operations";
import { created, route } from "@/lib/http/route";

// GET /api/v1/agents — the org's agents (viewer+)
export const GET = route(operations.listAgents, async ({ ctx, query }) => listAgents(ctx, query));

// POST /api/v1/agents — create an agent; its key is shown once (admin)
export const POST = route(operations.createAgent, async ({ ctx, body }) => created(await createAgent(ctx, body)));
