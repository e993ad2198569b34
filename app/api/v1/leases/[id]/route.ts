import { getLease } from "@/lib/domain/leases/read-lease";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// GET /api/v1/leases/{id} — the lease with spent, remaining and intents_count
export const GET = route(operations.getLease, async ({ ctx, params }) => getLease(ctx, params.id));
