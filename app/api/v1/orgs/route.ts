import { signedInUserId } from "@/lib/auth/signed-in-user";
import { createOrg } from "@/lib/domain/orgs/create-org";
import { operations } from "@/lib/http/operations";
import { created, route } from "@/lib/http/route";

// POST /api/v1/orgs — the signed-in person creates an organization and becomes its admin
export const POST = route(operations.createOrg, async ({ body, req }) => created(await createOrg(await signedInUserId(req), body)));
