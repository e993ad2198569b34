import { rotateAgentKey } from "@/lib/domain/agents/manage-agent";
import { route } from "@/lib/http/route";
import { ZEmptyBody } from "@/lib/schemas/common";

// POST /api/v1/agents/{id}/rotate — new key, old key dead at once (admin)
export const POST = route({ caller: "user", role: "admin", body: ZEmptyBody }, async ({ auth, params }) => rotateAgentKey(auth, params.id));
