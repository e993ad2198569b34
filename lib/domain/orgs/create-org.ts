import { setting } from "../../config.mjs";
import { db } from "../../db/client";
import { AppError } from "../../errors";
import { signupDisabled } from "../auth/sign-up";
import { foundOrg } from "./found-org";

/**
 * POST /orgs: the signed-in person (`userId`, from signedInUserId: a session or a member token,
 * member of any organization or none) founds an organization and becomes its admin. Refused
 * while sign-up is off, for nobody (401), and for an account whose email is not verified yet.
 * No RequestContext: the caller may belong to no organization.
 */
export async function createOrg(userId: string | null, input: { name: string }) {
  if (!setting("ALLOW_SIGNUP")) throw signupDisabled();
  if (!userId) throw new AppError("unauthorized", "Sign in to create an organization");
  const user = await db().user.findUnique({ where: { id: userId }, select: { emailVerifiedAt: true } });
  if (!user) throw new AppError("unauthorized", "Sign in to create an organization");
  if (!user.emailVerifiedAt) throw new AppError("email_unverified", "Verify your email address first: follow the link we mailed you");
  const { orgId } = await foundOrg({ name: input.name, adminUserId: userId, actor: { type: "user", id: userId }, event: "org.created" });
  return { org_id: orgId, name: input.name, role: "admin" as const };
}
