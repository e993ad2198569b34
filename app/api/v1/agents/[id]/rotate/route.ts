import { rotateAgentKey } from "@/lib/domain/agents/manage-agent";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// POST /api/v1/agents/{id}/rotate — new key, old key dead at once (admin)
export const POST = route(operations.rotateAgentKey, async ({ ctx, params }) => rotateAgentKey(ctx, params.id));
