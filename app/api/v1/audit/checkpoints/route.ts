import { listCheckpoints } from "@/lib/domain/audit/checkpoints";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// GET /api/v1/audit/checkpoints — the chain's signed checkpoints in seq order (viewer+)
export const GET = route(operations.listAuditCheckpoints, async ({ ctx, query }) => listCheckpoints(ctx, query));
