import { z } from "zod";
import { contract } from "./registry";
import { ROLES } from "../policy/types";
import { ZId, ZPage } from "./common";

const ZEmail = z.string().trim().toLowerCase().pipe(z.email()).pipe(z.string().max(254));
const ZPassword = z.string().min(8, "must be at least 8 characters").max(200);

export const ZCreateToken = z.strictObject({
  email: z.string().min(1).max(254),
  password: z.string().min(1).max(200),
  org_id: ZId.optional(),
  name: z.string().min(1).max(100).optional(),
}).register(contract, { id: "PasswordLogin" });

/** POST /members: an invitation, never an account (a `password` key is refused as unknown). */
export const ZInviteMember = z.strictObject({
  email: ZEmail,
  role: z.enum(ROLES),
}).register(contract, { id: "InviteMember" });

/** POST /invitations/accept: `password` creates the account when the email has none; it never touches an existing one. */
export const ZAcceptInvitation = z.strictObject({
  token: z.string().min(1).max(200).describe("The secret from the accept_url (the part after `#`)."),
  password: ZPassword.optional().describe("Required when the invited email has no account yet; ignored (never set) for an existing one."),
}).register(contract, { id: "AcceptInvitation" });

/** POST /auth/password-reset. */
export const ZPasswordResetRequest = z.strictObject({ email: z.string().min(1).max(254) }).register(contract, { id: "PasswordResetRequest" });

/** POST /auth/password-reset/confirm. */
export const ZPasswordResetConfirm = z.strictObject({
  token: z.string().min(1).max(200).describe("The secret from the reset link (the part after `#`)."),
  password: ZPassword,
}).register(contract, { id: "PasswordResetConfirm" });

/** POST /auth/signup: a new account, unusable until the emailed link verifies the address. */
export const ZSignup = z.strictObject({
  email: ZEmail,
  password: ZPassword,
  name: z.string().trim().min(1).max(100).optional(),
}).register(contract, { id: "Signup" });

/** POST /auth/verify-email. */
export const ZVerifyEmail = z.strictObject({
  token: z.string().min(1).max(200).describe("The secret from the verification link (the part after `#`)."),
}).register(contract, { id: "VerifyEmail" });

/** POST /orgs: names are unique across the installation. */
export const ZCreateOrg = z.strictObject({ name: z.string().trim().min(1).max(100) }).register(contract, { id: "CreateOrg" });

export const ZUpdateMember = z.strictObject({ role: z.enum(ROLES) }).register(contract, { id: "UpdateMember" });

export const ZCreateAgent = z.strictObject({
  name: z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9][A-Za-z0-9._ -]*$/, "letters, digits, space, dot, dash and underscore"),
  description: z.string().max(1000).optional(),
  owner_id: ZId.optional().describe("The member accountable for the agent (a user id of this organization); default the caller."),
}).register(contract, { id: "CreateAgent" });

export const ZListQuery = z.strictObject({ ...ZPage });

export const ZBootstrap = z.strictObject({
  org: z.string().trim().min(1).max(100),
  email: ZEmail,
  password: ZPassword,
});
