import { simulatePolicy } from "@/lib/domain/policies/simulate-policy";
import { route } from "@/lib/http/route";
import { ZSimulatePolicy } from "@/lib/schemas/policy";

// POST /api/v1/policy/simulate — what a candidate policy would decide, next to what was decided (viewer+)
export const POST = route({ caller: "user", role: "viewer", body: ZSimulatePolicy }, async ({ auth, body }) =>
  simulatePolicy(auth, body),
);
