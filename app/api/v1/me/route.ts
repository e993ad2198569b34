import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// GET /api/v1/me — who this token is
export const GET = route(operations.getMe, async ({ auth }) =>
  auth.kind === "agent"
    ? { kind: "agent" as const, id: auth.agentId, org_id: auth.orgId, name: auth.agentName }
    : { kind: "user" as const, id: auth.userId, org_id: auth.orgId, role: auth.role },
);
