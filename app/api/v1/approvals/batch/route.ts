import { batchResolve } from "@/lib/domain/approvals/batch-resolve";
import { route } from "@/lib/http/route";
import { ZBatchResolve } from "@/lib/schemas/approvals";

// POST /api/v1/approvals/batch — resolve several low-risk items with one reason, each audited on its own
export const POST = route({ caller: "user", role: "approver", body: ZBatchResolve }, async ({ auth, body }) => batchResolve(auth, body));
