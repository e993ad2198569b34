import { deleteAgent } from "@/lib/domain/agents/manage-agent";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// DELETE /api/v1/agents/{id} — delete an agent; its key dies at once (admin)
export const DELETE = route(operations.deleteAgent, async ({ ctx, params }) => deleteAgent(ctx, params.id));
