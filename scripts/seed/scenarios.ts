// What the demo agents propose, and how the humans and the world answer: each scenario builds the
// body an agent would POST to /intents (the policy engine decides it, never the scenario) and
// says how reviewers tend to judge it, why they reject it, and how its execution goes.
import type { Random } from "./random";

export type ProposalBody = Record<string, unknown> & { context?: Record<string, unknown> };

export interface Scenario {
  propose(r: Random): ProposalBody;
  /** Share of these a reviewer approves, when one sees it. */
  approveShare: number;
  /** How often the agent sets context.recommendation, and how often it matches the reviewer's verdict. */
  recommends: { share: number; accuracy: number };
  approveReasons: readonly string[];
  rejectReasons: readonly string[];
  /** Median run time of the execution (seconds), its failure share and errors. */
  runSeconds: number;
  failShare: number;
  errors: readonly string[];
  output(r: Random): Record<string, unknown>;
}

const cents = (n: number) => Math.round(n * 100) / 100;
const clamp = (n: number, min: number, max: number) => Math.min(max, Math.max(min, n));
const tag = (r: Random) => r.int(36 ** 5, 36 ** 6 - 1).toString(36);

function context(r: Random, minConfidence: number, agentVersion: string) {
  return { run_id: `run_${tag(r)}`, model_id: "gpt-demo", agent_version: agentVersion, confidence: cents(r.between(minConfidence, 0.99)) };
}

const REFUND_WHY = ["duplicate charge", "order never shipped", "damaged on arrival", "cancelled within the trial", "billing error"];

/** A refund to a customer through Stripe; `median` dollars, half of them above. */
function refund(median: number, minConfidence: number, extraTags: string[] = []): Scenario["propose"] {
  return (r) => {
    const amount = cents(clamp(r.logNormal(median, 0.85), 5, 2400));
    const order = r.int(10_000, 99_999);
    const why = r.pick(REFUND_WHY);
    return {
      action: "payment.refund",
      environment: "production",
      destination: "api.stripe.com",
      amount,
      currency: "USD",
      risk_tags: ["payment", ...extraTags],
      payload: { charge: `ch_${tag(r)}${tag(r)}`, order: `ord_${order}`, amount, reason: why },
      summary: { title: `Refund $${amount} on order #${order}`, next_effect: "Money leaves the Stripe balance" },
      rationale: `Customer reports: ${why} (ticket #${r.int(4000, 9999)}).`,
      context: context(r, minConfidence, "2.3.0"),
    };
  };
}

const READ_ONLY = { approveReasons: [], rejectReasons: [], recommends: { share: 0, accuracy: 1 }, approveShare: 1 } as const;

export const REFUNDS: Scenario = {
  propose: refund(45, 0.72),
  approveShare: 0.8,
  recommends: { share: 0.85, accuracy: 0.85 },
  approveReasons: ["Verified the duplicate charge in Stripe", "Order total matches", "Customer ticket confirms it"],
  rejectReasons: ["Amount exceeds the order total", "Customer was already refunded", "Possible fraud: card flagged by Radar", "Outside the 60-day refund window"],
  runSeconds: 2,
  failShare: 0.04,
  errors: ["card_declined", "charge_already_refunded", "stripe: rate limited (429)"],
  output: (r) => ({ refund: `re_${tag(r)}${tag(r)}`, status: "succeeded" }),
};

export const SUPPORT_REFUNDS: Scenario = { ...REFUNDS, propose: refund(30, 0.85) };

/** The billing incident backlog worked off under a lease (lease-story.ts). */
export const BACKLOG_REFUNDS: Scenario = { ...REFUNDS, propose: refund(55, 0.8, ["incident-5120"]) };

export const CRM_READS: Scenario = {
  ...READ_ONLY,
  propose: (r) =>
    r.chance(0.7)
      ? { action: "crm.read", destination: "crm.example.com", payload: { contact: r.int(1000, 99_999) } }
      : { action: "crm.search", destination: "crm.example.com", payload: { query: r.pick(["acme renewal", "open invoices", "churn risk", "enterprise trials"]) } },
  runSeconds: 0.4,
  failShare: 0.01,
  errors: ["crm: upstream timeout"],
  output: (r) => ({ records: r.int(0, 40) }),
};

export const DOC_READS: Scenario = {
  ...CRM_READS,
  propose: (r) => ({ action: "docs.read", destination: "docs.internal.example.com", payload: { doc: r.pick(["refund-policy", "runbook/deploys", "pricing-2026", "sla-terms"]) } }),
};

export const CRM_DELETES: Scenario = {
  ...CRM_READS,
  propose: (r) => ({
    action: "crm.delete_contact",
    environment: "production",
    destination: "crm.example.com",
    payload: { contact: r.int(1000, 99_999) },
    rationale: r.pick(["Duplicate contact", "Contact asked to be forgotten", "Bounced address"]),
  }),
};

export const INTERNAL_EMAIL: Scenario = {
  ...READ_ONLY,
  propose: (r) => {
    const template = r.pick(["daily-digest", "on-call-handoff", "weekly-metrics", "incident-summary"]);
    return {
      action: "email.send",
      destination: "mail.internal.example.com",
      payload: { template, recipients: r.int(3, 40) },
      summary: { title: `Send the ${template} to the team` },
    };
  },
  runSeconds: 1,
  failShare: 0.01,
  errors: ["smtp: 451 try again later"],
  output: (r) => ({ message_id: `msg_${tag(r)}` }),
};

export const CUSTOMER_EMAIL: Scenario = {
  propose: (r) => {
    const recipients = r.int(1, 30);
    return {
      action: "email.send",
      destination: "sendgrid.send",
      risk_tags: ["outreach"],
      payload: { template: r.pick(["ticket-reply", "renewal-reminder", "onboarding-check-in"]), recipients },
      summary: { title: `Email ${recipients} customer${recipients === 1 ? "" : "s"}`, next_effect: "Customers receive the message" },
      context: context(r, 0.6, "0.9.1"),
    };
  },
  approveShare: 0.9,
  recommends: { share: 0.6, accuracy: 0.9 },
  approveReasons: ["Reads well", "Matches the ticket"],
  rejectReasons: ["Tone is off; rewrite before sending", "Duplicate of a reply sent yesterday", "Promises a discount we do not offer"],
  runSeconds: 1,
  failShare: 0.02,
  errors: ["sendgrid: 429 too many requests"],
  output: (r) => ({ message_id: `msg_${tag(r)}` }),
};

export const BULK_EMAIL: Scenario = {
  ...CUSTOMER_EMAIL,
  propose: (r) => {
    const recipients = Math.round(clamp(r.logNormal(700, 0.9), 60, 20_000));
    const campaign = r.pick(["spring-promo", "feature-launch", "webinar-invite", "renewal-push", "survey"]);
    return {
      action: "email.send",
      destination: "sendgrid.send",
      risk_tags: ["outreach", "bulk"],
      payload: { template: campaign, recipients, subject: `${campaign.replace("-", " ")}: news from Demo Co` },
      summary: { title: `Send ${recipients} ${campaign} emails`, next_effect: `${recipients} customers get the campaign` },
      rationale: "Campaign approved in the marketing plan; list is opted-in customers only.",
      context: context(r, 0.6, "0.9.1"),
    };
  },
  approveShare: 0.6,
  recommends: { share: 0.9, accuracy: 0.7 },
  approveReasons: ["Segment and copy checked", "Legal signed off on the copy"],
  rejectReasons: ["Wrong segment: the list includes churned customers", "Copy not approved by legal", "Too many recipients for one send; split the campaign"],
};

const SERVICES = ["billing-api", "search", "web", "auth", "notifications"];

function deploy(action: string, environment: string): Scenario["propose"] {
  return (r) => {
    const service = r.pick(SERVICES);
    const [major, minor, patch] = [r.int(1, 3), r.int(0, 12), r.int(0, 9)];
    const [from, to] = action === "deploy.rollback" ? [`${major}.${minor}.${patch + 1}`, `${major}.${minor}.${patch}`] : [`${major}.${minor}.${patch}`, `${major}.${minor}.${patch + 1}`];
    return {
      action,
      environment,
      destination: `k8s.${environment === "production" ? "prod" : environment}`,
      payload: { service, before: { image: `${service}:${from}` }, after: { image: `${service}:${to}` } },
      summary: { title: `${action === "deploy.rollback" ? "Roll back" : "Deploy"} ${service} ${to} to ${environment}` },
      rationale: action === "deploy.rollback" ? "Error rate rose after the last release." : "All checks green on staging.",
      context: context(r, 0.8, "3.1.4"),
    };
  };
}

export const PROD_DEPLOYS: Scenario = {
  propose: deploy("deploy.release", "production"),
  approveShare: 0.985,
  recommends: { share: 1, accuracy: 0.995 },
  approveReasons: ["Matches the release plan", "Canary looks healthy"],
  rejectReasons: ["Release freeze until Monday", "Canary error rate is up; hold the rollout"],
  runSeconds: 240,
  failShare: 0.06,
  errors: ["health check failed; rolled back", "image pull failed"],
  output: (r) => ({ rollout: `ro_${tag(r)}`, pods: r.int(3, 24) }),
};

export const ROLLBACKS: Scenario = { ...PROD_DEPLOYS, propose: deploy("deploy.rollback", "production"), approveShare: 0.995 };
export const STAGING_DEPLOYS: Scenario = { ...PROD_DEPLOYS, propose: deploy("deploy.release", "staging"), approveShare: 0.97 };
