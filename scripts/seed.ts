// Seeds the demo organization: an admin, reviewers, an agent, the sample policy and a handful of
// intents in every status, all through the same domain functions the API uses; before those live
// items, 30 days of history (scripts/seed/history.ts) so the metrics have something to show.
// Idempotent: a second run finds the org and only reprints the credentials saved in .data/demo.json.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { AgentPrincipal, UserPrincipal } from "../lib/auth/principal";
import { db, disconnectDb } from "../lib/db/client";
import { orgDb, rowKey } from "../lib/db/scoped";
import { createAgent } from "../lib/domain/agents/create-agent";
import { resolveApproval } from "../lib/domain/approvals/resolve-approval";
import { executeIntent } from "../lib/domain/intents/execute-intent";
import { cancelIntent, reportResult } from "../lib/domain/intents/finish-intent";
import { proposeIntent } from "../lib/domain/intents/propose-intent";
import { sweepIntents } from "../lib/domain/intents/sweep-intents";
import { acceptInvitation } from "../lib/domain/members/accept-invitation";
import { tokenOfAcceptUrl } from "../lib/domain/members/invitation-link";
import { inviteMember } from "../lib/domain/members/invite-member";
import { bootstrapOrg } from "../lib/domain/orgs/bootstrap-org";
import { putPolicy } from "../lib/domain/policies/put-policy";
import { contextOf } from "../lib/domain/request-context";
import { setting } from "../lib/config.mjs";
import { ZProposeIntent } from "../lib/schemas/intents";
import { seedHistory } from "./seed/history";

const ORG = "Demo Co";
const PASSWORD = "tollgate-demo";
// `--credentials <file>` writes them elsewhere (the seed benchmark seeds scratch databases).
const credentialsArg = process.argv.indexOf("--credentials");
const CREDENTIALS = credentialsArg > 0 ? path.resolve(process.argv[credentialsArg + 1]) : path.resolve(import.meta.dirname, "../.data/demo.json");

interface Credentials {
  url: string;
  org_id: string;
  login: { email: string; password: string };
  reviewers: { email: string; password: string; role: string }[];
  admin_token: string;
  agent: { name: string; api_key: string };
}

async function seed(): Promise<Credentials> {
  const boot = await bootstrapOrg({ org: ORG, email: "admin@demo.local", password: PASSWORD });
  const admin: UserPrincipal = { kind: "user", orgId: boot.org_id, userId: boot.user_id, role: "admin", via: "token" };
  const reviewers = [
    { email: "alice@demo.local", role: "approver" as const },
    { email: "bob@demo.local", role: "approver" as const },
    { email: "pat@demo.local", role: "publisher" as const },
    { email: "vic@demo.local", role: "viewer" as const },
  ];
  const users: Record<string, UserPrincipal> = {};
  // Each reviewer is invited and accepts the link with their own password, as people do.
  const baseUrl = setting("NEXTAUTH_URL") ?? "http://localhost:3000";
  for (const r of reviewers) {
    const invited = await inviteMember(contextOf(admin), { email: r.email, role: r.role }, baseUrl);
    const joined = await acceptInvitation({ token: tokenOfAcceptUrl(invited.accept_url), password: PASSWORD }, null);
    users[r.email] = { kind: "user", orgId: boot.org_id, userId: joined.user_id, role: r.role, via: "token" };
  }
  const source = readFileSync(path.resolve(import.meta.dirname, "../prisma/demo-policy.yaml"), "utf8");
  await putPolicy(contextOf(admin), source, "yaml");
  const created = await createAgent(contextOf(admin), { name: "ops-agent", description: "Demo agent for support and ops" });
  const agent: AgentPrincipal = { kind: "agent", orgId: boot.org_id, agentId: created.id, agentName: created.name };
  // The history comes first: the audit chain must run in time order, and the live items are "now".
  const started = Date.now();
  const history = await seedHistory({
    admin,
    reviewers: ["alice@demo.local", "bob@demo.local", "pat@demo.local"].map((email) => users[email]),
    opsAgent: { id: created.id, name: created.name },
  });
  console.log(`  History: ${history.intents} intents and ${history.auditEvents} audit events over 30 days (${Date.now() - started} ms)`);
  await seedIntents(agent, users);
  return {
    // npm run demo passes NEXTAUTH_URL for its PORT; the examples read this url.
    url: setting("NEXTAUTH_URL") ?? "http://localhost:3000",
    org_id: boot.org_id,
    login: { email: "admin@demo.local", password: PASSWORD },
    reviewers: reviewers.map((r) => ({ ...r, password: PASSWORD })),
    admin_token: boot.token,
    agent: { name: created.name, api_key: created.api_key },
  };
}

async function propose(agent: AgentPrincipal, body: unknown) {
  return (await proposeIntent(contextOf(agent), ZProposeIntent.parse(body), null)).intent;
}

const ctx = (confidence: number, recommendation?: "approve" | "reject") => ({
  run_id: "run_demo_1",
  model_id: "gpt-demo",
  agent_version: "1.4.2",
  confidence,
  ...(recommendation ? { recommendation } : {}),
});

async function seedIntents(agent: AgentPrincipal, users: Record<string, UserPrincipal>) {
  const alice = users["alice@demo.local"];
  const bob = users["bob@demo.local"];
  const refund = (amount: number, confidence: number) => ({
    action: "payment.refund",
    environment: "production",
    destination: "api.stripe.com",
    amount,
    currency: "USD",
    risk_tags: ["payment"],
    payload: { charge: `ch_${amount}`, amount, reason: "duplicate charge" },
    summary: { title: `Refund $${amount} to a customer`, next_effect: "Money leaves the Stripe balance" },
    rationale: "Customer was charged twice for the same order; ticket #4821.",
    context: ctx(confidence, "approve"),
  });

  // allowed → executing → succeeded; allowed → executing → failed; allowed (unused)
  for (const [amount, outcome] of [[25, "succeeded"], [60, "failed"]] as const) {
    const intent = await propose(agent, refund(amount, 0.97));
    await executeIntent(contextOf(agent), intent.id, { execution_token: intent.execution_token!, payload_hash: intent.payload_hash });
    await reportResult(contextOf(agent), intent.id, outcome === "succeeded" ? { status: outcome, output: { refund: `re_${amount}` } } : { status: outcome, error: "card_declined" });
  }
  const executing = await propose(agent, refund(15, 0.99));
  await executeIntent(contextOf(agent), executing.id, { execution_token: executing.execution_token!, payload_hash: executing.payload_hash });
  await propose(agent, { action: "crm.read", destination: "crm.example.com", payload: { contact: 42 } });

  // denied
  await propose(agent, { action: "crm.delete_contact", environment: "production", payload: { contact: 42 }, rationale: "Duplicate contact" });

  // pending: a large refund, a two-person bulk email, a production deploy, a step-up public post
  await propose(agent, refund(480, 0.82));
  await propose(agent, {
    action: "email.send",
    destination: "sendgrid.send",
    risk_tags: ["outreach"],
    payload: { template: "spring-promo", recipients: 400, subject: "Spring sale: 20% off" },
    summary: { title: "Send 400 outreach emails", next_effect: "400 customers get the spring promo" },
    rationale: "Campaign approved in the marketing plan; list is opted-in customers only.",
    context: ctx(0.88, "approve"),
  });
  await propose(agent, {
    action: "deploy.release",
    environment: "production",
    destination: "k8s.prod",
    payload: { service: "billing-api", before: { image: "billing:1.8.3" }, after: { image: "billing:1.9.0" } },
    summary: { title: "Deploy billing-api 1.9.0 to production", next_effect: "New version serves all traffic" },
    rationale: "All checks green on staging for 24h.",
    context: ctx(0.93),
  });
  await propose(agent, {
    action: "social.post",
    stage: "publish",
    destination: "twitter.com",
    payload: { text: "We just shipped passkey step-up for approvals 🎉" },
    summary: { title: "Post product announcement", next_effect: "Public tweet from the company account" },
    context: ctx(0.9),
  });

  // approved, rejected, cancelled
  const approved = await propose(agent, refund(150, 0.9));
  await resolveApproval(contextOf(alice), approved.id, { decision: "approve", reason: "Verified duplicate charge in Stripe" });
  const rejected = await propose(agent, refund(900, 0.6));
  await resolveApproval(contextOf(bob), rejected.id, { decision: "reject", reason: "Amount exceeds the order total" });
  const cancelled = await propose(agent, refund(120, 0.8));
  await cancelIntent(contextOf(agent), cancelled.id, { reason: "Customer withdrew the request" });

  // expired: a deploy whose 30-minute SLA has passed (its deadline moved back, then swept)
  const stale = await propose(agent, { action: "deploy.release", environment: "production", payload: { service: "search", after: { image: "search:2.0.0" } } });
  await orgDb(agent.orgId).intent.update({ where: rowKey(agent.orgId, stale.id), data: { slaDeadline: new Date(Date.now() - 60_000) } });
  await sweepIntents();
}

function print(c: Credentials) {
  console.log(`
  Tollgate demo is seeded.
    Dashboard   ${c.url}
    Login       ${c.login.email} / ${c.login.password}   (also alice@, bob@ (approvers), pat@ (publisher), vic@ (viewer) with the same password)
    Admin token ${c.admin_token}
    Agent key   ${c.agent.api_key}   (${c.agent.name})
    Org id      ${c.org_id}
  Try: curl -s -X POST ${c.url}/api/v1/intents -H "Authorization: Bearer ${c.agent.api_key}" \\
         -H 'content-type: application/json' -d '{"action":"payment.refund","amount":30,"environment":"production","context":{"confidence":0.95}}'
`);
}

async function main() {
  const existing = await db().organization.findUnique({ where: { name: ORG } });
  if (existing && existsSync(CREDENTIALS)) return print(JSON.parse(readFileSync(CREDENTIALS, "utf8")));
  if (existing) throw new Error(`"${ORG}" exists but ${CREDENTIALS} is missing; delete .data/ to start over`);
  const credentials = await seed();
  mkdirSync(path.dirname(CREDENTIALS), { recursive: true });
  writeFileSync(CREDENTIALS, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  print(credentials);
}

main()
  .then(() => disconnectDb())
  .catch(async (error) => {
    console.error("seed failed:", error);
    await disconnectDb();
    process.exit(1);
  });
