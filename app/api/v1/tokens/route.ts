import { createPersonalToken } from "@/lib/domain/auth/create-personal-token";
import { listPersonalTokens } from "@/lib/domain/auth/list-personal-tokens";
import { operations } from "@/lib/http/operations";
import { created, route } from "@/lib/http/route";

// GET /api/v1/tokens — the caller's own personal access tokens in this org (viewer+)
export const GET = route(operations.listTokens, async ({ ctx, query }) =>
  listPersonalTokens(ctx, query),
);

// POST /api/v1/tokens — mint a personal access token for the caller; the secret is shown once (viewer+)
export const POST = route(operations.createToken, async ({ ctx, body }) =>
  created(await createPersonalToken(ctx, body)),
);
