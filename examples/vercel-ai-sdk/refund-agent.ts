// A Vercel AI SDK agent whose refund tool is gated by Tollgate. There is no LLM offline, so the
// AI SDK's own test model plays one: it calls the tool, then answers with what the tool returned.
// generateText really runs the gated tool: propose → (wait for a human if needed) → execute → report.
//   npx tsx examples/vercel-ai-sdk/refund-agent.ts        (REFUND_AMOUNT=250 to see the approval path)
import { Tollgate, gate } from "@tollgate/sdk";
import { type ToolExecutionOptions, generateText, stepCountIs, tool } from "ai";
import { MockLanguageModelV3 } from "ai/test";
import { z } from "zod";
import { exampleConfig } from "../demo-config.mjs";

const config = exampleConfig();
const client = new Tollgate({ baseUrl: config.url, token: config.agentKey, userAgent: "tollgate-example-vercel-ai/1.0" });

const RefundInput = z.object({
  charge: z.string().describe("The Stripe charge id"),
  amount: z.number().positive().describe("Amount in USD"),
  reason: z.string(),
});
type RefundInput = z.infer<typeof RefundInput>;

/** The real tool would call Stripe; this one only says what it would do. */
async function refundCharge(input: RefundInput, _options: ToolExecutionOptions) {
  console.log(`    💸 refunding $${input.amount} on ${input.charge}`);
  return { refund_id: `re_${input.charge.slice(3)}`, amount: input.amount, currency: "USD" };
}

const refund = tool({
  description: "Refund a customer's charge",
  inputSchema: RefundInput,
  execute: gate(refundCharge, {
    client,
    action: "payment.refund",
    environment: "production",
    destination: "api.stripe.com",
    amount: (input) => input.amount,
    currency: "USD",
    riskTags: ["payment"],
    // The AI SDK passes (input, options); only the input is the thing to approve and hash.
    payload: (input) => input,
    signal: (_input, options) => options.abortSignal,
    summary: (input) => ({ title: `Refund $${input.amount} on ${input.charge}`, next_effect: "Money leaves the Stripe balance" }),
    rationale: "The customer was charged twice for one order",
    context: { model_id: "mock-model-v3", agent_version: "1.0.0", confidence: 0.95, recommendation: "approve" },
    onPending: (intent) => console.log(`    ⏸ ${intent.id} needs a human (${intent.decision.reason}); approve it at ${config.url}/approvals/${intent.id} — waiting…`),
  }),
});

const amount = Number(process.env.REFUND_AMOUNT ?? 30);
const usage = { inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 5, text: 5, reasoning: 0 } };

// Step 1 the "model" asks for the tool; step 2 it reads the tool's result and replies.
const model = new MockLanguageModelV3({
  doGenerate: async ({ prompt }) => {
    const toolResult = prompt.flatMap((m) => (m.role === "tool" ? m.content : [])).find((part) => part.type === "tool-result");
    if (!toolResult) {
      const input = { charge: "ch_3PQx7Ld", amount, reason: "duplicate charge" };
      return {
        content: [{ type: "tool-call", toolCallId: "call_1", toolName: "refund", input: JSON.stringify(input) }],
        finishReason: { unified: "tool-calls", raw: "tool_calls" },
        usage,
        warnings: [],
      };
    }
    const { output } = toolResult;
    const answer = output.type === "error-text" ? `I could not refund it: ${output.value}` : `Refund result: ${JSON.stringify(output)}`;
    return {
      content: [{ type: "text", text: answer }],
      finishReason: { unified: "stop", raw: "stop" },
      usage,
      warnings: [],
    };
  },
});

console.log(`Tollgate at ${config.url} (credentials from ${config.source})`);
console.log(`\n→ asking the model to refund $${amount} for a duplicate charge`);
const result = await generateText({
  model,
  tools: { refund },
  stopWhen: stepCountIs(3),
  prompt: `Customer says they were charged twice ($${amount}). Please refund the duplicate.`,
});

const toolResults = result.steps.flatMap((step) => step.toolResults);
const toolErrors = result.steps.flatMap((step) => step.content.filter((part) => part.type === "tool-error"));
for (const failure of toolErrors) console.error(`    ✗ the tool did not run: ${failure.error instanceof Error ? failure.error.message : String(failure.error)}`);
console.log(`\nModel: ${result.text}`);
if (toolResults.length !== 1 || toolErrors.length > 0) {
  console.error("✗ the refund was not made");
  process.exit(1);
}
console.log("Done: the refund went through Tollgate.");
