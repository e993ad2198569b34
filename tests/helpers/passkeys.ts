import { encode } from "next-auth/jwt";
import { nextAuthSecret } from "../../lib/auth/next-auth-options";
import type { Role } from "../../lib/roles";
import { TEST_PASSWORD, type TestOrg, createTestOrg } from "../factories/org";
import { type ApiResponse, type Method, call } from "./api";
import { propose } from "./intents";
import { SoftAuthenticator, type SoftCredential } from "./soft-authenticator";
import { auditCount, sqlRows } from "./sql";

/** The origin tests/helpers/api.ts sends requests to, and so the one a session's writes must come from. */
export const APP_ORIGIN = "http://localhost:3000";

/**
 * Headers of a signed-in dashboard browser: next-auth's session cookie (a JWT with the claims
 * lib/auth/session.ts reads) and the same-origin Origin header cookie-authenticated writes need.
 */
export async function sessionHeaders(user: { userId: string }, orgId: string, authAt = Date.now()): Promise<Record<string, string>> {
  // The claims next-auth's jwt callback writes at sign-in (lib/auth/next-auth-options.ts).
  const jwt = await encode({ token: { uid: user.userId, orgId, authAt }, secret: nextAuthSecret() });
  return { cookie: `next-auth.session-token=${jwt}`, origin: APP_ORIGIN };
}

export interface Session {
  userId: string;
  orgId: string;
  headers: Record<string, string>;
  call<T = any>(method: Method, path: string, body?: unknown): Promise<ApiResponse<T>>;
}

export async function signIn(user: { userId: string }, orgId: string): Promise<Session> {
  const headers = await sessionHeaders(user, orgId);
  return {
    userId: user.userId,
    orgId,
    headers,
    call: (method, path, body) => call(method, path, { headers, body }),
  };
}

/** The passkeys each user registered through registerPasskey, so a later one can be confirmed with an earlier one. */
const enrolled = new Map<string, { authenticator: SoftAuthenticator; credential: SoftCredential }[]>();

/** An assertion by `credential` over a fresh POST /passkeys/reauth challenge (the proof for adding another passkey). */
export async function reauthAssertion(session: Session, authenticator: SoftAuthenticator, credential: SoftCredential, forge: Parameters<SoftAuthenticator["assert"]>[2] = {}) {
  const options = await session.call("POST", "/api/v1/passkeys/reauth", {});
  if (options.status !== 200) throw new Error(`reauth options failed (${options.status}): ${JSON.stringify(options.body)}`);
  return authenticator.assert(credential, options.body, forge);
}

/**
 * Registration options with the proof the server asks for: an assertion by the user's first
 * passkey registered here, else the password (every test user has TEST_PASSWORD). The caller checks the status.
 */
export async function registrationOptions(session: Session) {
  const first = enrolled.get(session.userId)?.[0];
  const proof = first ? { assertion: await reauthAssertion(session, first.authenticator, first.credential) } : { password: TEST_PASSWORD };
  return session.call("POST", "/api/v1/passkeys/options", proof);
}

/** Registers a new passkey through the real routes (proof → options → authenticator → POST /passkeys), insisting on success. */
export async function registerPasskey(session: Session, authenticator: SoftAuthenticator, name = "Laptop") {
  const options = await registrationOptions(session);
  if (options.status !== 200) throw new Error(`registration options failed (${options.status}): ${JSON.stringify(options.body)}`);
  const { credential, response } = authenticator.register(options.body);
  const created = await session.call("POST", "/api/v1/passkeys", { name, response });
  if (created.status !== 201) throw new Error(`registration failed (${created.status}): ${JSON.stringify(created.body)}`);
  enrolled.set(session.userId, [...(enrolled.get(session.userId) ?? []), { authenticator, credential }]);
  return { credential, response, passkey: created.body as { id: string; name: string; last_used_at: string | null }, options: options.body };
}

/** Forgets a passkey removed through the routes, so registrationOptions does not confirm with it. */
export function forgetPasskey(userId: string, credentialId: string) {
  enrolled.set(userId, (enrolled.get(userId) ?? []).filter((e) => e.credential.id !== credentialId));
}

/** Step-up options for one intent; the caller checks the status. */
export function stepUpOptions(session: Session, intentId: string) {
  return session.call("POST", `/api/v1/approvals/${intentId}/step-up`, {});
}

/** Options for `intentId` and an assertion over them by `credential`, forged as asked. */
export async function stepUpAssertion(
  session: Session,
  authenticator: SoftAuthenticator,
  credential: SoftCredential,
  intentId: string,
  forge: Parameters<SoftAuthenticator["assert"]>[2] = {},
) {
  const options = await stepUpOptions(session, intentId);
  if (options.status !== 200) throw new Error(`step-up options failed (${options.status}): ${JSON.stringify(options.body)}`);
  return authenticator.assert(credential, options.body, forge);
}

export function approveWithStepUp(session: Session, intentId: string, response: unknown, reason = "Checked the copy") {
  return session.call("POST", `/api/v1/approvals/${intentId}/approve`, { reason, step_up: { response } });
}

export interface PasskeyRow {
  id: string;
  user_id: string;
  name: string;
  credential_id: string;
  public_key: Buffer;
  counter: bigint;
  transports: string[];
  last_used_at: Date | null;
}

export async function passkeyRow(credentialId: string): Promise<PasskeyRow | undefined> {
  const [row] = await sqlRows<PasskeyRow>("SELECT * FROM passkeys WHERE credential_id = $1", credentialId);
  return row;
}

/** What a refused approval must leave as it was: the intent, its approvals, the user's passkeys, the org's audit chain. */
export async function approvalState(orgId: string, intentId: string, userId: string) {
  const [intent] = await sqlRows<{ status: string }>("SELECT status FROM intents WHERE id = $1", intentId);
  const approvals = await sqlRows<unknown>("SELECT * FROM approvals WHERE intent_id = $1 ORDER BY created_at", intentId);
  const passkeys = await sqlRows<unknown>("SELECT id, counter::text, last_used_at FROM passkeys WHERE user_id = $1 ORDER BY id", userId);
  const [decisions] = await sqlRows<{ n: number }>("SELECT count(*)::int AS n FROM decision_logs WHERE intent_id = $1", intentId);
  return { status: intent?.status, approvals, passkeys, audit: await auditCount(orgId), decisions: decisions.n };
}

/**
 * Step-up by rule and by stage: `deploy.production` carries `step_up: true` at any stage; a
 * `social.post` at the publish stage needs it because every publish-stage approval does;
 * `press.release` needs two distinct humans; `ops.restart` needs no step-up at the run stage.
 */
export const STEP_UP_POLICY = `
version: 1
default: require_approval
rules:
  - id: deploys
    match: { action: deploy.production }
    decision: require_approval
    step_up: true
    reason: Production deploys need a fresh passkey confirmation
  - id: posts
    match: { action: social.post }
    decision: require_approval
    reason: Public posts are irreversible
  - id: press
    match: { action: press.release }
    decision: require_approval
    approvals: 2
    reason: Press releases need two people
  - id: restarts
    match: { action: ops.restart }
    decision: require_approval
`;

/** An org with STEP_UP_POLICY and an agent proposing under it. */
export async function stepUpOrg() {
  const org = await createTestOrg();
  const agent = await org.agent();
  await org.setPolicy(STEP_UP_POLICY);
  let n = 0;
  const intent = async (action: string, stage: string) => {
    const body = await propose(agent.key, { action, stage, payload: { n: ++n, text: `${action} #${n}` } });
    if (body.status !== "pending_approval") throw new Error(`expected a pending intent, got ${body.status}`);
    return body as { id: string; payload_hash: string; decision: { step_up_required: boolean; approver_role: string } };
  };
  return {
    org,
    agent,
    /** A plain publish-stage intent (step-up because of its stage). */
    publish: () => intent("social.post", "publish"),
    /** A run-stage intent whose rule says `step_up: true`. */
    stepUpRule: () => intent("deploy.production", "run"),
    dualPublish: () => intent("press.release", "publish"),
    plain: () => intent("ops.restart", "run"),
  };
}

/** A member of the role, signed in, with one passkey on a soft authenticator. */
export async function memberWithPasskey(org: TestOrg, role: Role = "publisher") {
  const user = await org.user(role);
  const session = await signIn(user, org.orgId);
  const authenticator = new SoftAuthenticator();
  const { credential, passkey } = await registerPasskey(session, authenticator);
  return { user, session, authenticator, credential, passkey };
}
