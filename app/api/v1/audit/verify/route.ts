import { verifyAuditChain } from "@/lib/domain/audit/verify-audit-chain";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// GET /api/v1/audit/verify — recompute the hash chain and check its signed checkpoints (viewer+)
export const GET = route(operations.verifyAuditChain, async ({ ctx, query }) => verifyAuditChain(ctx, query));
