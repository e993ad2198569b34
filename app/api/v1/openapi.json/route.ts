import { createHash } from "node:crypto";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";
import { openApiDocument } from "@/lib/openapi/document";

// GET /api/v1/openapi.json — this API's OpenAPI 3.1 document (public, cacheable)
export const GET = route(operations.getOpenApi, async ({ req }) => {
  const { json } = openApiDocument();
  const etag = `"${createHash("sha256").update(json).digest("base64url").slice(0, 27)}"`;
  const headers = { etag, "cache-control": "public, max-age=300, stale-while-revalidate=86400" };
  if (req.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  return new Response(json, { headers: { ...headers, "content-type": "application/json" } });
});
