export { Tollgate } from "./client.js";
export type { ClientOptions } from "./http.js";
export {
  TollgateError,
  TollgateNetworkError,
  TollgateTimeoutError,
  isRetryable,
  isTollgateError,
  type ErrorCode,
  type TollgateErrorInit,
} from "./errors.js";
export { gate, type GateOptions } from "./gate.js";
export {
  IntentBlockedError,
  IntentCancelledError,
  IntentDeniedError,
  IntentExpiredError,
  IntentRejectedError,
} from "./gate-errors.js";
export type { WaitOptions } from "./wait-for-decision.js";
export type { RetryTiming } from "./backoff.js";
export {
  EvidenceVerificationError,
  auditEventHash,
  canonicalJson,
  checkAuditChain,
  verifyAuditExport,
  verifyCheckpoint,
  verifyReceipt,
  type ChainCheck,
  type CheckpointPayload,
  type EvidenceFailure,
  type JwksSource,
  type ReceiptPayload,
  type VerifyReceiptOptions,
} from "./evidence.js";
export { verifyWebhook, WebhookVerificationError, type VerifyWebhookInput, type WebhookFailure } from "./verify-webhook.js";
export type { ProposeOptions, GetIntentOptions } from "./resources/intents.js";
export type * from "./types/approvals.js";
export type * from "./types/audit.js";
export type * from "./types/common.js";
export type * from "./types/events.js";
export type * from "./types/intents.js";
export type * from "./types/leases.js";
export type * from "./types/metrics.js";
export type * from "./types/org.js";
export type * from "./types/policy.js";
export type * from "./types/reviews.js";
export type * from "./types/webhooks.js";
