#!/usr/bin/env node
// @ts-check
// A plain Node.js agent with a "send emails" tool that only runs once Tollgate says so.
// Internal mail is allowed at once by the demo policy; mail to customers waits for a human.
//   node examples/node-agent/send-emails.mjs        (against `npm run demo`, or set TOLLGATE_URL / TOLLGATE_AGENT_KEY)
import { randomUUID } from "node:crypto";
import { IntentBlockedError, Tollgate, TollgateTimeoutError, gate } from "@tollgate/sdk";
import { exampleConfig } from "../demo-config.mjs";

/**
 * The real tool would call SMTP or an email API; this one only says what it would send.
 * @param {{ to: string[], subject: string, body: string }} email
 */
async function sendEmails(email) {
  console.log(`    ✉ sending "${email.subject}" to ${email.to.join(", ")}`);
  return { sent: email.to.length, message_ids: email.to.map(() => `msg_${randomUUID().slice(0, 8)}`) };
}

const config = exampleConfig();
const client = new Tollgate({ baseUrl: config.url, token: config.agentKey, userAgent: "tollgate-example-node-agent/1.0" });
const runId = `run_${randomUUID().slice(0, 8)}`;

const sendEmailsGated = gate(sendEmails, {
  client,
  action: "email.send",
  // The demo policy allows mail that stays inside the company's own domain.
  destination: (email) => (email.to.every((to) => to.endsWith("@internal.example.com")) ? "smtp.internal.example.com" : "sendgrid.send"),
  riskTags: ["outreach"],
  summary: (email) => ({ title: `Send "${email.subject}" to ${email.to.length} recipient(s)`, next_effect: `${email.to.join(", ")} receive the email` }),
  rationale: "Follow-up promised in the support tickets",
  context: { run_id: runId, model_id: "example-model", agent_version: "1.0.0", confidence: 0.9, recommendation: "approve" },
  timeoutMs: Number(process.env.TOLLGATE_TIMEOUT_MS ?? 10 * 60_000),
  onPending: (intent) =>
    console.log(`    ⏸ ${intent.id} needs a human (${intent.decision.reason}); approve it at ${config.url}/approvals/${intent.id} — waiting…`),
});

const emails = [
  { to: ["ops@internal.example.com"], subject: "Nightly digest", body: "3 tickets closed, 1 escalated." },
  { to: ["ana@customer.example.com", "li@customer.example.com"], subject: "Your refund is on its way", body: "We refunded the duplicate charge." },
];

console.log(`Tollgate at ${config.url} (credentials from ${config.source})`);
try {
  for (const email of emails) {
    console.log(`\n→ proposing email.send: "${email.subject}"`);
    const result = await sendEmailsGated(email);
    console.log(`    ✓ sent ${result.sent} email(s); Tollgate recorded the result`);
  }
  console.log("\nDone: every email went through Tollgate.");
} catch (error) {
  if (error instanceof IntentBlockedError) {
    console.error(`\n✗ not sent (${error.intent.id}): ${error.message}`);
  } else if (error instanceof TollgateTimeoutError) {
    console.error(`\n✗ nobody decided within ${error.timeoutMs} ms; the proposal was withdrawn`);
  } else {
    console.error(`\n✗ ${error instanceof Error ? error.message : error}`);
  }
  process.exitCode = 1;
}
