// Version 2 of the demo policy, published halfway through the history: the team starts a random
// audit of small refunds and trials two caps in shadow mode (recorded, never gating). The
// decisions stay those of prisma/demo-policy.yaml; only what the metrics page sees grows.

const SAMPLE = `    # Random audit: 10 % of these allows are copied to the review-after queue.
    sample: 0.1
`;

const SHADOW_RULES = `
  # Trials in shadow mode: evaluated and recorded on the metrics page, never gating.
  - id: refund-cap-trial
    priority: 55
    mode: shadow
    match: { action: payment.refund, environment: production }
    when: { field: amount, op: gte, value: 50 }
    decision: require_approval
    reason: "Trial: refunds of 50 or more would need a finance reviewer"

  - id: bulk-email-cap-trial
    priority: 35
    mode: shadow
    match: { action: email.send }
    when: { field: payload.recipients, op: gt, value: 1000 }
    decision: deny
    reason: "Trial: sends to more than 1,000 recipients would be refused"
    reason_code: recipient_cap
`;

const SMALL_REFUNDS = "  - id: small-refunds\n";

/** The trial version of the demo policy's YAML text (validated by putPolicy when published). */
export function trialPolicy(demoPolicy: string): string {
  if (!demoPolicy.includes(SMALL_REFUNDS)) throw new Error("The demo history expects the demo policy (prisma/demo-policy.yaml) to be active");
  return `${demoPolicy.replace(SMALL_REFUNDS, SMALL_REFUNDS + SAMPLE).trimEnd()}\n${SHADOW_RULES}`;
}
