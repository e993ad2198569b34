import { ZEmptyBody } from "../../schemas/common";
import { ZCreateOrg, ZCreateToken, ZPasswordResetConfirm, ZPasswordResetRequest, ZSignup, ZVerifyEmail } from "../../schemas/members";
import {
  ZEmailVerified,
  ZMe,
  ZOrgCreated,
  ZPasswordResetDone,
  ZPasswordResetRequested,
  ZPersonalToken,
  ZPersonalTokenList,
  ZPersonalTokenWithSecret,
  ZSignupAccepted,
  ZUserToken,
} from "../../schemas/responses/people";
import { ZPasskey, ZPasskeyList, ZPasskeyRemoved, ZWebAuthnOptions } from "../../schemas/responses/passkeys";
import { ZCreatePersonalToken, ZListTokensQuery } from "../../schemas/tokens";
import { ZPasskeyEnrollmentProof, ZRegisterPasskey } from "../../schemas/webauthn";
import { defineOperation } from "../operation";

const auth: ["Auth"] = ["Auth"];
const passkeys: ["Passkeys"] = ["Passkeys"];
const members: ["Members"] = ["Members"];

/** Sign-in, sign-up, tokens, passkeys and "who am I". */
export const accessOperations = {
  createUserToken: defineOperation({
    method: "POST",
    path: "/api/v1/auth/token",
    summary: "Exchange email and password for a token",
    description:
      "A personal access token (tg_user_…) for the given organization, else the user's first. Unknown email and wrong password answer alike. The right password of an account whose email is not verified yet (POST /auth/signup) is 403 email_unverified, and nothing is issued. Limited per client address; after repeated failures for an email, logins for it answer 429 for a while, even with the right password.",
    tags: auth,
    caller: "public",
    rateLimit: "token",
    body: ZCreateToken,
    example: { email: "admin@acme.test", password: "correct horse battery", name: "laptop cli" },
    responses: { 201: { description: "The token (shown once) and who it is.", schema: ZUserToken } },
    errors: ["invalid_credentials", "email_unverified"],
  }),

  requestPasswordReset: defineOperation({
    method: "POST",
    path: "/api/v1/auth/password-reset",
    summary: "Ask for a password reset link",
    description:
      "202 whatever the email: when it has an account, a single-use link valid 60 minutes is emailed (without SMTP_URL it is held for the operator: `npm run cli -- mail show`). The answer comes before the lookup, so neither it nor its timing tells whether an account exists. Limited per client address.",
    tags: auth,
    caller: "public",
    rateLimit: "token",
    body: ZPasswordResetRequest,
    example: { email: "dana@example.com" },
    responses: { 202: { description: "Accepted.", schema: ZPasswordResetRequested } },
  }),

  confirmPasswordReset: defineOperation({
    method: "POST",
    path: "/api/v1/auth/password-reset/confirm",
    summary: "Set a new password with a reset link",
    description:
      "Sets the password, ends every dashboard session signed in before now and revokes every personal access token of the account, in every organization. A link used, expired or unknown is 410 reset_token_invalid; every other link of the account dies with the one used.",
    tags: auth,
    caller: "public",
    rateLimit: "token",
    body: ZPasswordResetConfirm,
    example: { token: "tg_pwr_5nJ0mV3c9QeW1xYz7LkP2aB4dF6gH8iK0lM2nO4pQ6r", password: "a new long passphrase" },
    responses: { 200: { description: "The password is set.", schema: ZPasswordResetDone } },
    errors: ["reset_token_invalid"],
  }),

  signup: defineOperation({
    method: "POST",
    path: "/api/v1/auth/signup",
    summary: "Sign up",
    description:
      "202 whatever the email, answered before anything is looked up, so neither the answer nor its timing tells whether an account exists. A new email gets an account that cannot sign in until the single-use link mailed to it (valid 24 hours) is followed (POST /auth/verify-email); an email with an account gets a mail saying so, and nothing about that account changes. Then POST /orgs makes an organization. With ALLOW_SIGNUP=0, 403 signup_disabled. Limited per client address.",
    tags: auth,
    caller: "public",
    rateLimit: "token",
    body: ZSignup,
    example: { email: "dana@example.com", password: "correct horse battery", name: "Dana" },
    responses: { 202: { description: "Accepted.", schema: ZSignupAccepted } },
    errors: ["signup_disabled"],
  }),

  verifyEmail: defineOperation({
    method: "POST",
    path: "/api/v1/auth/verify-email",
    summary: "Verify a signed-up email",
    description:
      "The token from the verification link marks its account verified, so it can sign in; the account's other links die with it. A link used, expired or unknown is 410 verification_invalid, and nothing changes.",
    tags: auth,
    caller: "public",
    rateLimit: "token",
    body: ZVerifyEmail,
    example: { token: "tg_vfy_5nJ0mV3c9QeW1xYz7LkP2aB4dF6gH8iK0lM2nO4pQ6r" },
    responses: { 200: { description: "The email is verified.", schema: ZEmailVerified } },
    errors: ["verification_invalid"],
  }),

  createOrg: defineOperation({
    method: "POST",
    path: "/api/v1/orgs",
    summary: "Create an organization",
    description:
      "The caller (a dashboard session or a tg_user_ token, a member of any organization or of none) becomes the new organization's admin. Nobody signed in is 401; an agent key 403; an account whose email is not verified 403 email_unverified; a name taken 409 conflict; with ALLOW_SIGNUP=0, 403 signup_disabled. The dashboard then moves its session to the new organization.",
    tags: members,
    caller: "public",
    optionalAuth: true,
    rateLimit: "token",
    body: ZCreateOrg,
    example: { name: "Acme" },
    responses: { 201: { description: "The organization, with the caller as its admin.", schema: ZOrgCreated } },
    errors: ["signup_disabled", "email_unverified", "conflict"],
  }),

  beginPasskeyLogin: defineOperation({
    method: "POST",
    path: "/api/v1/auth/passkey",
    summary: "Passkey sign-in options",
    description: "WebAuthn request options; the sign-in itself goes through the dashboard's next-auth endpoint. Limited per client address; unused challenges expire after 5 minutes and are swept.",
    tags: auth,
    caller: "public",
    rateLimit: "passkey",
    body: ZEmptyBody,
    responses: { 200: { description: "Options for navigator.credentials.get().", schema: ZWebAuthnOptions } },
  }),

  getMe: defineOperation({
    method: "GET",
    path: "/api/v1/me",
    summary: "Who this token is",
    tags: auth,
    caller: "any",
    responses: { 200: { description: "The agent or the member (with role).", schema: ZMe } },
  }),

  listTokens: defineOperation({
    method: "GET",
    path: "/api/v1/tokens",
    summary: "Your personal access tokens",
    description: "The caller's own tokens in this organization, newest first, revoked ones included; never the secrets.",
    tags: auth,
    caller: "user",
    role: "viewer",
    query: ZListTokensQuery,
    responses: { 200: { description: "One page of tokens.", schema: ZPersonalTokenList } },
  }),

  createToken: defineOperation({
    method: "POST",
    path: "/api/v1/tokens",
    summary: "Mint a personal access token",
    description: "For the caller. A token minted with a token cannot outlive it.",
    tags: auth,
    caller: "user",
    rateLimit: "token",
    role: "viewer",
    body: ZCreatePersonalToken,
    example: { name: "ci pipeline", expires_in_days: 30 },
    responses: { 201: { description: "The token (the secret is shown once).", schema: ZPersonalTokenWithSecret } },
  }),

  revokeToken: defineOperation({
    method: "DELETE",
    path: "/api/v1/tokens/{id}",
    summary: "Revoke one of your tokens",
    description: "Dead at once; revoking twice is a no-op.",
    tags: auth,
    caller: "user",
    role: "viewer",
    responses: { 200: { description: "The revoked token.", schema: ZPersonalToken } },
  }),

  listPasskeys: defineOperation({
    method: "GET",
    path: "/api/v1/passkeys",
    summary: "Your passkeys",
    tags: passkeys,
    caller: "user",
    role: "viewer",
    responses: { 200: { description: "All of the caller's passkeys.", schema: ZPasskeyList } },
  }),

  passkeyReauth: defineOperation({
    method: "POST",
    path: "/api/v1/passkeys/reauth",
    summary: "Confirm with a passkey before adding another",
    description:
      "WebAuthn request options for one of your own passkeys (challenge single-use, valid 5 minutes); send the assertion to POST /passkeys/options. Without a passkey yet, 409: the first one is confirmed with your password.",
    tags: passkeys,
    caller: "user",
    role: "viewer",
    sessionOnly: true,
    body: ZEmptyBody,
    responses: { 200: { description: "Options for navigator.credentials.get().", schema: ZWebAuthnOptions } },
    errors: ["conflict"],
  }),

  passkeyOptions: defineOperation({
    method: "POST",
    path: "/api/v1/passkeys/options",
    summary: "Passkey registration options",
    description:
      "A session alone cannot add a passkey: with passkeys registered, send an assertion by one of them (POST /passkeys/reauth); for the first one, your password (checked with the login brake). Missing or wrong proof is 403 reauth_required with details.reason (passkey_required, password_required, wrong_password, no_password, replayed_or_unknown, expired, unknown_credential, verification_failed). The registration challenge is single-use and valid 5 minutes.",
    tags: passkeys,
    caller: "user",
    role: "viewer",
    sessionOnly: true,
    rateLimit: "token",
    body: ZPasskeyEnrollmentProof,
    example: { password: "correct horse battery" },
    responses: { 200: { description: "Options for navigator.credentials.create().", schema: ZWebAuthnOptions } },
    errors: ["reauth_required"],
  }),

  registerPasskey: defineOperation({
    method: "POST",
    path: "/api/v1/passkeys",
    summary: "Register a passkey",
    description: "From the attestation @simplewebauthn/browser returns for the options above.",
    tags: passkeys,
    caller: "user",
    role: "viewer",
    sessionOnly: true,
    body: ZRegisterPasskey,
    responses: { 201: { description: "The passkey.", schema: ZPasskey } },
    errors: ["conflict"],
  }),

  removePasskey: defineOperation({
    method: "DELETE",
    path: "/api/v1/passkeys/{id}",
    summary: "Remove a passkey",
    tags: passkeys,
    caller: "user",
    role: "viewer",
    sessionOnly: true,
    responses: { 200: { description: "Removed.", schema: ZPasskeyRemoved } },
  }),
};
