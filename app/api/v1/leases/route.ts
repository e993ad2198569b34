import { listLeases } from "@/lib/domain/leases/read-lease";
import { requestLease } from "@/lib/domain/leases/request-lease";
import { operations } from "@/lib/http/operations";
import { reply, route } from "@/lib/http/route";

// POST /api/v1/leases — an agent asks for a lease; a create-stage approval goes to the queue
export const POST = route(operations.requestLease, async ({ ctx, body, req }) => {
  const { lease, replayed } = await requestLease(ctx, body, req.headers.get("idempotency-key"));
  return reply(replayed ? 200 : 201, lease);
});

// GET /api/v1/leases — agents list their own, members their org's
export const GET = route(operations.listLeases, async ({ ctx, query }) => {
  const { limit, cursor, ...filters } = query;
  return listLeases(ctx, filters, { limit, cursor });
});
