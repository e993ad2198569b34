import { verifyAuditChain } from "@/lib/domain/audit/verify-audit-chain";
import { route } from "@/lib/http/route";

// GET /api/v1/audit/verify — recompute the hash chain (viewer+)
export const GET = route({ caller: "user", role: "viewer" }, async ({ auth }) => verifyAuditChain(auth.orgId));
