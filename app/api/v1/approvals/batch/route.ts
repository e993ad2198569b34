import { batchResolve } from "@/lib/domain/approvals/batch-resolve";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// POST /api/v1/approvals/batch — resolve several low-risk items with one reason, each audited on its own
export const POST = route(operations.batchResolve, async ({ ctx, body }) => batchResolve(ctx, body));
