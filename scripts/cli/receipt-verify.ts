import { EvidenceVerificationError, verifyReceipt } from "@tollgate/sdk";
import { defineCommand } from "./command";
import { jwksSource, readInput, readJson } from "./evidence-input";

export const receiptVerify = defineCommand({
  usage: "receipt verify <file> [--jwks <url|file>] [--intent <id>] [--payload-hash <sha256:…>] [--json]",
  help: `
Checks a receipt offline: the file holds GET /api/v1/intents/{id}/receipt's answer (JSON) or the
bare JWS (Accept: application/jose). Its EdDSA signature must verify with the JWK Set and it must
be a receipt (not another statement Tollgate signs). Prints what it attests: intent, action,
payload hash, policy snapshot, approvals, execution and result. Exit code 0 when it verifies, 1 otherwise.

  --jwks <url|file>       the signer's keys (default: /.well-known/jwks.json of TOLLGATE_URL or the saved login)
  --intent <id>           also require the receipt to be for this intent
  --payload-hash <hash>   …and for exactly this payload
  --json                  {"ok": true, "payload": {…}} or {"ok": false, "reason", "message"}`,
  options: { jwks: { type: "string" }, intent: { type: "string" }, "payload-hash": { type: "string" }, json: { type: "boolean" } },
  positionals: ["file"],
  async run({ jwks, intent, "payload-hash": payloadHash, json }, [file]) {
    const text = readInput(file).trim();
    const receipt = text.startsWith("{") ? (readJson(file) as { jws: string }) : text;
    try {
      const payload = await verifyReceipt(receipt, { jwks: jwksSource(jwks), intentId: intent, payloadHash });
      if (json) console.log(JSON.stringify({ ok: true, payload }, null, 2));
      else {
        const approvals = payload.approvals.map((a) => `${a.user_id} at ${a.at}${a.step_up ? " (passkey step-up)" : ""}`);
        console.log(`Receipt verified: intent ${payload.intent_id} (${payload.action}) of ${payload.org_id}`);
        console.log(`  payload      ${payload.payload_hash}`);
        console.log(`  policy       ${payload.policy_snapshot}, ${payload.decision.outcome}${payload.decision.rule_id ? ` by rule ${payload.decision.rule_id}` : ""}`);
        console.log(`  approvals    ${approvals.length > 0 ? approvals.join("; ") : "none (allowed by policy)"}`);
        console.log(`  executed     ${payload.executed_at}, result ${payload.result_status ?? "not reported yet"}`);
        console.log(`  audit        seq ${payload.audit.seq}, hash ${payload.audit.hash}`);
      }
      return 0;
    } catch (error) {
      if (!(error instanceof EvidenceVerificationError)) throw error;
      if (json) console.log(JSON.stringify({ ok: false, reason: error.reason, message: error.message }));
      else console.log(`Receipt NOT verified (${error.reason}): ${error.message}`);
      return 1;
    }
  },
});
