import { simulatePolicy } from "@/lib/domain/policies/simulate-policy";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// POST /api/v1/policy/simulate — what a candidate policy would decide, next to what was decided (viewer+)
export const POST = route(operations.simulatePolicy, async ({ ctx, body }) =>
  simulatePolicy(ctx, body),
);
