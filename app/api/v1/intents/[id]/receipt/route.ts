import { intentReceipt } from "@/lib/domain/intents/intent-receipt";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// GET /api/v1/intents/{id}/receipt — the signed receipt of an executed intent (its agent, or a member)
export const GET = route(operations.getIntentReceipt, async ({ ctx, params, req }) => {
  const receipt = await intentReceipt(ctx, params.id);
  if (req.headers.get("accept")?.includes("application/jose")) {
    return new Response(receipt.jws, { headers: { "content-type": "application/jose", "cache-control": "no-store" } });
  }
  return receipt;
});
