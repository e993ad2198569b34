import { createPersonalToken } from "@/lib/domain/auth/create-personal-token";
import { listPersonalTokens } from "@/lib/domain/auth/list-personal-tokens";
import { limitTokenRequests } from "@/lib/http/limit-token-requests";
import { created, route } from "@/lib/http/route";
import { ZCreatePersonalToken, ZListTokensQuery } from "@/lib/schemas/tokens";

// GET /api/v1/tokens — the caller's own personal access tokens in this org (viewer+)
export const GET = route({ caller: "user", role: "viewer", query: ZListTokensQuery }, async ({ auth, query }) =>
  listPersonalTokens(auth, query),
);

// POST /api/v1/tokens — mint a personal access token for the caller; the secret is shown once (viewer+)
export const POST = route({ caller: "user", role: "viewer", body: ZCreatePersonalToken }, async ({ auth, body, req }) => {
  await limitTokenRequests(req);
  return created(await createPersonalToken(auth, body));
});
