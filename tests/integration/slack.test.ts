import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as interactionsRoute } from "../../app/api/slack/interactions/[org]/route";
import { runNotifierFor } from "../../lib/notify/start-notifier";
import { APPROVE_ACTION, APPROVE_VIEW, REASON_BLOCK, REASON_INPUT, REJECT_ACTION, REJECT_VIEW } from "../../lib/slack/card";
import { type TestOrg, type TestUser, createTestOrg } from "../factories/org";
import { call } from "../helpers/api";
import { interactionBody, slackSignature, startFakeSlack } from "../helpers/fake-slack";
import { propose } from "../helpers/intents";
import { sessionHeaders } from "../helpers/passkeys";
import { sqlRows } from "../helpers/sql";

// Slack (issue 17 point 2) against a local server that speaks Slack's Web API methods and signs
// interactions as Slack documents (a card's button opens a modal; its submission decides). The
// attacks: forged, stale and replayed signatures; another org's secret or workspace; a Slack user
// who is nobody here, or whose only match is an unverified email; a decision by a viewer, by the
// agent's owner under separate_duties, on a step-up item, on another org's item, twice by the same
// human across Slack and the dashboard; a reject without a reason; a submission forged past the modal.

const SECRET = "8f742231b10e8888abcd0000000085a5";
const policy = `
version: 1
default: deny
rules:
  - id: refunds
    match: { action: payment.refund }
    decision: require_approval
    approvals: 2
    separate_duties: true
    sla: 1h
  - id: deploys
    match: { action: deploy.production }
    decision: require_approval
    approver_role: publisher
    step_up: true
`;

let slack: Awaited<ReturnType<typeof startFakeSlack>>;
let org: TestOrg;
let alice: TestUser;
let bob: TestUser;
let viewer: TestUser;
let agent: { id: string; key: string };
const savedUrl = process.env.SLACK_API_URL;

beforeAll(async () => {
  slack = await startFakeSlack();
  process.env.SLACK_API_URL = slack.apiUrl;
  org = await createTestOrg();
  [alice, bob, viewer] = [await org.user("approver"), await org.user("approver"), await org.user("viewer")];
  slack.state.users.set(alice.email, "UALICE");
  slack.state.users.set(bob.email, "UBOB");
  slack.state.users.set(viewer.email, "UVIEWER");
  slack.state.users.set(org.admin.email, "UADMIN");
  await org.setPolicy(policy);
  agent = await org.agent();
  const connected = await call("PUT", "/api/v1/integrations/slack", {
    token: org.admin.token,
    body: { bot_token: "xoxb-1111-2222-abcdefABCDEF", signing_secret: SECRET, default_channel: "#approvals", rule_channels: { deploys: "#releases" } },
  });
  expect(connected.status).toBe(200);
});
afterAll(async () => {
  process.env.SLACK_API_URL = savedUrl;
  await slack.close();
});

/** A refund proposed 15 s ago: past the rubber-stamp window, inside which an approval must say why (Slack's Approve cannot). */
async function refund(n: number) {
  const item = await propose(agent.key, { action: "payment.refund", amount: n, currency: "USD", payload: { order: `ord_${n}` }, rationale: "double charge" });
  await sqlRows("UPDATE intents SET created_at = created_at - interval '15 seconds' WHERE id = $1", item.id);
  return item;
}
/** The item's card in a channel (C…), not a reviewer's DM copy. */
const cardOf = (intentId: string) => slack.state.messages.find((m) => m.channel.startsWith("C") && m.blocks.some((b) => b.elements?.some((e) => e.value === intentId || e.url?.endsWith(intentId))));
const actionIds = (intentId: string) => cardOf(intentId)!.blocks.filter((b) => b.type === "actions").flatMap((b) => b.elements ?? []).map((e) => e.action_id);

function send(raw: string, headers: Record<string, string>, orgId = org.orgId) {
  return interactionsRoute(new Request(`http://localhost:3000/api/slack/interactions/${orgId}`, { method: "POST", headers, body: raw }), { params: Promise.resolve({ org: orgId }) });
}
const click = (user: string, action: string, intentId: string, extra: Record<string, unknown> = {}) =>
  interactionBody({ type: "block_actions", team: { id: "T0TOLLGATE" }, user: { id: user }, trigger_id: `trig-${Math.random()}`, response_url: slack.responseUrl(user), actions: [{ action_id: action, value: intentId }], ...extra });
const signedSend = (raw: string, orgId = org.orgId) => send(raw, slackSignature(SECRET, raw), orgId);
const submission = (user: string, callback: string, intentId: string, reason: string) =>
  interactionBody({ type: "view_submission", team: { id: "T0TOLLGATE" }, user: { id: user }, view: { callback_id: callback, private_metadata: intentId, state: { values: { [REASON_BLOCK]: { [REASON_INPUT]: { value: reason } } } } } });
/** A decision as a Slack user makes it: the card's button opens the modal, its submission decides. Answers the modal's errors (null: accepted). */
async function decideInSlack(user: string, decision: "approve" | "reject", intentId: string, reason = "") {
  const opened = slack.state.views.length;
  expect((await signedSend(click(user, decision === "approve" ? APPROVE_ACTION : REJECT_ACTION, intentId))).status).toBe(200);
  expect(slack.state.views.length, `${user} ${decision}: a modal opens`).toBe(opened + 1);
  const view = slack.state.views.at(-1)!.view;
  expect(view).toMatchObject({ callback_id: decision === "approve" ? APPROVE_VIEW : REJECT_VIEW, private_metadata: intentId });
  const res = await signedSend(submission(user, view.callback_id as string, intentId, reason));
  expect(res.status).toBe(200);
  const body = res.status === 200 && res.headers.get("content-type")?.includes("json") ? await res.json() : null;
  return body?.response_action === "errors" ? String(body.errors[REASON_BLOCK]) : null;
}
const statusOf = async (id: string) => (await call("GET", `/api/v1/intents/${id}`, { token: org.admin.token })).body;

describe("connecting Slack", () => {
  it("keeps the secrets sealed and never shows them; a token Slack refuses saves nothing; admins only", async () => {
    const shown = await call("GET", "/api/v1/integrations/slack", { token: org.admin.token });
    expect(shown.body).toMatchObject({ connected: true, team_id: "T0TOLLGATE", default_channel: "#approvals", rule_channels: { deploys: "#releases" } });
    expect(JSON.stringify(shown.body)).not.toContain("xoxb-");
    expect(JSON.stringify(shown.body)).not.toContain(SECRET);
    const [row] = await sqlRows<{ sealed_bot_token: string; sealed_signing_secret: string }>("SELECT sealed_bot_token, sealed_signing_secret FROM slack_connections WHERE org_id = $1", org.orgId);
    expect(row.sealed_bot_token).not.toContain("xoxb-");
    expect(row.sealed_signing_secret).not.toContain(SECRET);
    slack.state.revokedTokens.add("xoxb-9999-revoked-token");
    const refusedToken = await call("PUT", "/api/v1/integrations/slack", { token: org.admin.token, body: { bot_token: "xoxb-9999-revoked-token", signing_secret: SECRET, default_channel: "#other" } });
    expect(refusedToken.status).toBe(422);
    expect((await call("GET", "/api/v1/integrations/slack", { token: org.admin.token })).body.default_channel).toBe("#approvals");
    expect((await call("GET", "/api/v1/integrations/slack", { token: alice.token })).status).toBe(403);
    expect((await call("PUT", "/api/v1/integrations/slack", { token: alice.token, body: { bot_token: "xoxb-1111-2222-abcdefABCDEF", signing_secret: SECRET, default_channel: "#x" } })).status).toBe(403);
  });

  it("finds members' Slack identities by verified email, and sends them the card as a DM when they chose Slack", async () => {
    const me = await call("GET", "/api/v1/me/notifications", { token: alice.token });
    expect(me.body).toMatchObject({ slack_user_id: "UALICE", slack_linked_via: "email" });
    expect((await call("PUT", "/api/v1/me/notifications", { token: bob.token, body: { slack_events: [] } })).status).toBe(200);
    const item = await refund(30);
    await runNotifierFor(org.orgId);
    const dms = slack.state.messages.filter((m) => !m.channel.startsWith("C") && JSON.stringify(m.blocks).includes(item.id)).map((m) => m.channel);
    expect(dms).toEqual(["UALICE"]);
    await call("PUT", "/api/v1/me/notifications", { token: bob.token, body: { slack_events: ["approval_request"] } });
  });
});

describe("cards", () => {
  it("post to the rule's channel with title, why, payload, rule, approvals n of m, SLA and Approve/Reject; step-up items only open Tollgate", async () => {
    const item = await refund(1);
    const deploy = await propose(agent.key, { action: "deploy.production", payload: { sha: "abc123" } });
    await runNotifierFor(org.orgId);
    const card = cardOf(item.id)!;
    expect(card.channel).toBe("CAPPROVALS");
    const text = JSON.stringify(card.blocks);
    for (const part of ["double charge", "ord_1", "refunds", "0 of 2", "SLA"]) expect(text).toContain(part);
    expect(actionIds(item.id)).toEqual([APPROVE_ACTION, REJECT_ACTION, "tollgate_open"]);
    expect(cardOf(deploy.id)!.channel).toBe("CRELEASES");
    expect(actionIds(deploy.id)).toEqual(["tollgate_open"]);
  });

  it("approve from Slack counts once per human across Slack and the dashboard, and the card shows the outcome and who decided", async () => {
    const item = await refund(2);
    await runNotifierFor(org.orgId);
    expect(await decideInSlack("UALICE", "approve", item.id)).toBeNull();
    expect(await sqlRows("SELECT 1 FROM approvals WHERE intent_id = $1", item.id)).toHaveLength(1);
    // Alice again, through the dashboard's API: the same human does not count twice.
    const twice = await call("POST", `/api/v1/approvals/${item.id}/approve`, { token: alice.token, body: { reason: "again" } });
    expect(twice.status).toBe(409);
    await runNotifierFor(org.orgId);
    expect(JSON.stringify(cardOf(item.id)!.blocks)).toContain("1 of 2");
    expect(await decideInSlack("UBOB", "approve", item.id, "Matches the order")).toBeNull();
    expect((await statusOf(item.id)).status).toBe("approved");
    await runNotifierFor(org.orgId);
    const card = cardOf(item.id)!;
    expect(card.updates).toBeGreaterThanOrEqual(2);
    const text = JSON.stringify(card.blocks);
    expect(text).toContain("Approved");
    expect(text).toContain(alice.email);
    expect(text).toContain(bob.email);
    expect(actionIds(item.id)).toEqual(["tollgate_open"]);
    const vias = await sqlRows<{ via: string }>("SELECT via FROM approvals WHERE intent_id = $1", item.id);
    expect(vias.map((v) => v.via)).toEqual(["slack", "slack"]);
  });

  it("reject opens a modal that requires a reason, and the reason reaches the agent", async () => {
    const item = await refund(3);
    expect(await decideInSlack("UALICE", "reject", item.id, "   ")).toMatch(/Say why/);
    expect((await statusOf(item.id)).status).toBe("pending_approval");
    expect(await decideInSlack("UALICE", "reject", item.id, "Wrong order number")).toBeNull();
    const after = await statusOf(item.id);
    expect(after.status).toBe("rejected");
    expect(JSON.stringify(after)).toContain("Wrong order number");
  });

  it("refuses, and tells only the clicker, a viewer, the agent's owner under separate_duties, a stranger, and step-up from Slack", async () => {
    const item = await refund(4);
    const deploy = await propose(agent.key, { action: "deploy.production", payload: { sha: "def456" } });
    for (const [user, intentId, why] of [["UVIEWER", item.id, /forbidden/], ["UADMIN", item.id, /separation_of_duties/], ["UADMIN", deploy.id, /step_up_required/]] as const) {
      expect(await decideInSlack(user, "approve", intentId, "looks fine"), user).toMatch(why);
    }
    // A stranger gets no modal: only them, told they are not known here.
    const before = slack.state.responses.length;
    expect((await signedSend(click("USTRANGER", APPROVE_ACTION, item.id))).status).toBe(200);
    expect(slack.state.responses.length).toBe(before + 1);
    expect(slack.state.responses.at(-1)).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(String(slack.state.responses.at(-1)!.text)).toMatch(/does not know who you are/);
    // A submission forged past the modal by a stranger decides nothing either.
    expect((await (await signedSend(submission("USTRANGER", APPROVE_VIEW, item.id, "x"))).json()).response_action).toBe("errors");
    expect((await statusOf(item.id)).status).toBe("pending_approval");
    expect((await statusOf(deploy.id)).status).toBe("pending_approval");
    expect(await sqlRows("SELECT 1 FROM approvals WHERE intent_id = ANY($1)", [item.id, deploy.id])).toHaveLength(0);
  });

  it("asks for a reason to approve within the rubber-stamp window, as the API does", async () => {
    const item = await propose(agent.key, { action: "payment.refund", amount: 7, currency: "USD", payload: {} });
    expect(await decideInSlack("UALICE", "approve", item.id)).toMatch(/validation_failed.*reason is required/);
    expect(await sqlRows("SELECT 1 FROM approvals WHERE intent_id = $1", item.id)).toHaveLength(0);
    expect(await decideInSlack("UALICE", "approve", item.id, "Checked the order")).toBeNull();
    expect(await sqlRows("SELECT 1 FROM approvals WHERE intent_id = $1", item.id)).toHaveLength(1);
  });

  it("never maps a Slack user by an unverified email", async () => {
    const mallory = await org.user("approver");
    await sqlRows("UPDATE users SET email_verified_at = NULL WHERE id = $1", mallory.userId);
    slack.state.users.set(mallory.email, "UMALLORY");
    const item = await refund(5);
    await signedSend(click("UMALLORY", APPROVE_ACTION, item.id));
    await signedSend(submission("UMALLORY", APPROVE_VIEW, item.id, "mine"));
    expect(await sqlRows("SELECT 1 FROM approvals WHERE intent_id = $1", item.id)).toHaveLength(0);
  });
});

describe("linking a Slack identity", () => {
  it("takes the Slack click and the member's dashboard session together: a token alone, another org's link, a taken identity are refused", async () => {
    const carol = await org.user("approver");
    const item = await refund(20);
    await signedSend(click("UCAROL", APPROVE_ACTION, item.id));
    const told = String(slack.state.responses.at(-1)!.text);
    const link = /https?:\/\/\S+slack_link=(\S+)/.exec(told);
    expect(link, told).not.toBeNull();
    const token = decodeURIComponent(link![1]);
    // Not with a bearer token: only a signed-in dashboard session.
    expect((await call("POST", "/api/v1/me/slack-link", { token: carol.token, body: { token } })).status).toBe(403);
    const session = await sessionHeaders(carol, org.orgId);
    // Altered, and another org's session: refused.
    expect((await call("POST", "/api/v1/me/slack-link", { headers: session, body: { token: `${token}x` } })).status).toBe(422);
    const other = await createTestOrg();
    expect((await call("POST", "/api/v1/me/slack-link", { headers: await sessionHeaders(other.admin, other.orgId), body: { token } })).status).toBe(422);
    const linked = await call("POST", "/api/v1/me/slack-link", { headers: session, body: { token } });
    expect(linked.status).toBe(200);
    expect(linked.body).toEqual({ user_id: carol.userId, slack_user_id: "UCAROL" });
    // Bob cannot take Carol's Slack identity with the same link.
    expect((await call("POST", "/api/v1/me/slack-link", { headers: await sessionHeaders(bob, org.orgId), body: { token } })).status).toBe(409);
    expect(await decideInSlack("UCAROL", "approve", item.id)).toBeNull();
    const approvals = await sqlRows<{ user_id: string; via: string }>("SELECT user_id, via FROM approvals WHERE intent_id = $1", item.id);
    expect(approvals).toEqual([{ user_id: carol.userId, via: "slack" }]);
  });
});

describe("the interactions endpoint", () => {
  it("refuses forged, stale, replayed and unsigned requests, and other orgs' secrets and workspaces, changing nothing", async () => {
    const item = await refund(10);
    const raw = submission("UALICE", APPROVE_VIEW, item.id, "Refund checked");
    const now = Math.floor(Date.now() / 1000);
    const cases: [string, Record<string, string>][] = [
      ["forged", slackSignature("0".repeat(32), raw)],
      ["stale", slackSignature(SECRET, raw, now - 310)],
      ["future", slackSignature(SECRET, raw, now + 310)],
      ["unsigned", { "content-type": "application/x-www-form-urlencoded" }],
      ["tampered", { ...slackSignature(SECRET, raw), "x-slack-signature": slackSignature(SECRET, `${raw}x`)["x-slack-signature"] }],
    ];
    for (const [name, headers] of cases) expect((await send(raw, headers)).status, name).toBe(401);
    const ok = slackSignature(SECRET, raw);
    expect((await send(raw, ok)).status).toBe(200);
    expect((await send(raw, ok)).status, "replayed").toBe(401);
    // Another workspace, signed with the right secret: refused.
    const elsewhere = interactionBody({ type: "block_actions", team: { id: "T0OTHER" }, user: { id: "UBOB" }, actions: [{ action_id: APPROVE_ACTION, value: item.id }] });
    expect((await signedSend(elsewhere)).status).toBe(403);
    // An org without Slack, or unknown: 404.
    const other = await createTestOrg();
    expect((await signedSend(raw, other.orgId)).status).toBe(404);
    expect((await signedSend(raw, "org_doesnotexist0000000")).status).toBe(404);
    const approvals = await sqlRows<{ user_id: string }>("SELECT user_id FROM approvals WHERE intent_id = $1", item.id);
    expect(approvals.map((a) => a.user_id)).toEqual([alice.userId]);
  });

  it("answers malformed signed bodies with 4xx in the contract's shape, never a 5xx", async () => {
    for (const raw of ["", "payload=", "payload=%7Bnot%20json", "payload=null", interactionBody({ type: "block_actions" }), interactionBody({ type: "view_submission", view: {} }), "x".repeat(300_000)]) {
      const res = await signedSend(raw);
      expect(res.status, raw.slice(0, 30)).toBeLessThan(500);
      if (res.status >= 400) expect((await res.json()).error.code, raw.slice(0, 30)).toMatch(/^[a-z_]+$/);
    }
  });

  it("cannot act on another organization's item, even from a member signed by their own workspace", async () => {
    const other = await createTestOrg();
    await other.setPolicy(policy);
    const theirs = await propose((await other.agent()).key, { action: "payment.refund", amount: 1, currency: "USD", payload: {} });
    await sqlRows("UPDATE intents SET created_at = created_at - interval '15 seconds' WHERE id = $1", theirs.id);
    expect(await decideInSlack("UALICE", "approve", theirs.id, "not mine")).toMatch(/not_found/);
    expect(await sqlRows("SELECT 1 FROM approvals WHERE intent_id = $1", theirs.id)).toHaveLength(0);
  });
});
