import type { z } from "zod";
import { ZCondition, ZPolicyDocument, ZPolicyRule } from "../policy/schema";
import { ZLeafCondition } from "../policy/schema-condition";
import { ZBatchResolve, ZResolveApproval } from "../schemas/approvals";
import { ZEmptyBody } from "../schemas/common";
import { ZCancelIntent, ZExecuteIntent, ZIntentContext, ZIntentSummary, ZProposeIntent, ZReportResult } from "../schemas/intents";
import { ZCreateLease, ZDelegateLease, ZRenewLease, ZRevokeLease, ZSpendLimit } from "../schemas/leases";
import { ZAcceptInvitation, ZCreateAgent, ZCreateToken, ZInviteMember, ZUpdateMember } from "../schemas/members";
import { ZSimulatePolicy, ZValidatePolicy } from "../schemas/policy";
import { ZBatchResult, ZQueueItem, ZQueueItemList } from "../schemas/responses/approvals";
import { ZAuditEvent, ZAuditEventList, ZAuditExport, ZAuditVerification, ZDomainEvent } from "../schemas/responses/audit";
import { ZErrorBody } from "../schemas/responses/common";
import { ZDecision, ZDecisionLog, ZDecisionLogEntry, ZIntent, ZIntentApproval, ZIntentList } from "../schemas/responses/intents";
import { ZLease, ZLeaseList, ZLeaseRenewal } from "../schemas/responses/leases";
import { ZMetrics } from "../schemas/responses/metrics";
import { ZOpenApiDocument } from "../schemas/responses/openapi";
import { ZPasskey, ZPasskeyList, ZPasskeyRemoved, ZWebAuthnOptions } from "../schemas/responses/passkeys";
import {
  ZAgent,
  ZAgentDeleted,
  ZAgentList,
  ZAgentWithKey,
  ZInvitation,
  ZInvitationAccepted,
  ZInvitationList,
  ZInvitationRevoked,
  ZInvitationWithUrl,
  ZMe,
  ZMember,
  ZMemberList,
  ZMemberRemoved,
  ZMembership,
  ZPersonalToken,
  ZPersonalTokenList,
  ZPersonalTokenWithSecret,
  ZUserToken,
} from "../schemas/responses/people";
import { ZPolicy, ZPolicySaved, ZPolicyValidation, ZPolicyVersion, ZPolicyVersionList, ZSimulation } from "../schemas/responses/policy";
import { ZReview, ZReviewList } from "../schemas/responses/reviews";
import {
  ZWebhook,
  ZWebhookDeleted,
  ZWebhookDelivery,
  ZWebhookDeliveryAttempt,
  ZWebhookDeliveryList,
  ZWebhookList,
  ZWebhookWithSecret,
} from "../schemas/responses/webhooks";
import { ZMarkReview } from "../schemas/reviews";
import { ZCreatePersonalToken } from "../schemas/tokens";
import { ZAssertion, ZAttestation, ZPasskeyEnrollmentProof, ZRegisterPasskey } from "../schemas/webauthn";
import { ZCreateWebhook, ZRotateWebhookSecret, ZUpdateWebhook } from "../schemas/webhooks";

/**
 * The document's named schemas (components/schemas/<name>). Every request body and JSON
 * response an operation declares must be one of these (buildDocument refuses an unnamed one),
 * so SDK generators get stable type names; nested ones listed here become $refs too.
 * A name ending in "List" is the paginated envelope ({items, next_cursor}); an unpaginated
 * collection gets another name (DecisionLog, Passkeys).
 */
export const SCHEMA_COMPONENTS: Record<string, z.ZodType> = {
  Error: ZErrorBody,
  // Intents
  ProposeIntent: ZProposeIntent,
  IntentSummary: ZIntentSummary,
  IntentContext: ZIntentContext,
  ExecuteIntent: ZExecuteIntent,
  ReportResult: ZReportResult,
  CancelIntent: ZCancelIntent,
  Intent: ZIntent,
  IntentList: ZIntentList,
  Decision: ZDecision,
  IntentApproval: ZIntentApproval,
  DecisionLog: ZDecisionLog,
  DecisionLogEntry: ZDecisionLogEntry,
  // Approvals
  ResolveApproval: ZResolveApproval,
  WebAuthnAssertion: ZAssertion,
  BatchResolve: ZBatchResolve,
  QueueItem: ZQueueItem,
  QueueItemList: ZQueueItemList,
  BatchResult: ZBatchResult,
  // Leases
  CreateLease: ZCreateLease,
  RenewLease: ZRenewLease,
  RevokeLease: ZRevokeLease,
  DelegateLease: ZDelegateLease,
  SpendLimit: ZSpendLimit,
  Lease: ZLease,
  LeaseList: ZLeaseList,
  LeaseRenewal: ZLeaseRenewal,
  // Policy
  PolicyDocument: ZPolicyDocument,
  PolicyRule: ZPolicyRule,
  PolicyCondition: ZCondition,
  PolicyLeafCondition: ZLeafCondition,
  SimulatePolicy: ZSimulatePolicy,
  ValidatePolicy: ZValidatePolicy,
  Policy: ZPolicy,
  PolicySaved: ZPolicySaved,
  PolicyVersion: ZPolicyVersion,
  PolicyVersionList: ZPolicyVersionList,
  PolicyValidation: ZPolicyValidation,
  Simulation: ZSimulation,
  // Members, agents, tokens, passkeys
  InviteMember: ZInviteMember,
  Invitation: ZInvitation,
  InvitationList: ZInvitationList,
  InvitationWithUrl: ZInvitationWithUrl,
  InvitationRevoked: ZInvitationRevoked,
  AcceptInvitation: ZAcceptInvitation,
  InvitationAccepted: ZInvitationAccepted,
  UpdateMember: ZUpdateMember,
  Member: ZMember,
  MemberList: ZMemberList,
  Membership: ZMembership,
  MemberRemoved: ZMemberRemoved,
  CreateAgent: ZCreateAgent,
  Agent: ZAgent,
  AgentList: ZAgentList,
  AgentWithKey: ZAgentWithKey,
  AgentDeleted: ZAgentDeleted,
  PasswordLogin: ZCreateToken,
  UserToken: ZUserToken,
  CreatePersonalToken: ZCreatePersonalToken,
  PersonalToken: ZPersonalToken,
  PersonalTokenList: ZPersonalTokenList,
  PersonalTokenWithSecret: ZPersonalTokenWithSecret,
  Me: ZMe,
  RegisterPasskey: ZRegisterPasskey,
  PasskeyEnrollmentProof: ZPasskeyEnrollmentProof,
  WebAuthnAttestation: ZAttestation,
  WebAuthnOptions: ZWebAuthnOptions,
  Passkey: ZPasskey,
  Passkeys: ZPasskeyList,
  PasskeyRemoved: ZPasskeyRemoved,
  EmptyBody: ZEmptyBody,
  // Webhooks
  CreateWebhook: ZCreateWebhook,
  UpdateWebhook: ZUpdateWebhook,
  RotateWebhookSecret: ZRotateWebhookSecret,
  Webhook: ZWebhook,
  WebhookList: ZWebhookList,
  WebhookWithSecret: ZWebhookWithSecret,
  WebhookDeleted: ZWebhookDeleted,
  WebhookDelivery: ZWebhookDelivery,
  WebhookDeliveryAttempt: ZWebhookDeliveryAttempt,
  WebhookDeliveryList: ZWebhookDeliveryList,
  // Audit, metrics, reviews, events
  AuditEvent: ZAuditEvent,
  AuditEventList: ZAuditEventList,
  AuditExport: ZAuditExport,
  AuditVerification: ZAuditVerification,
  DomainEvent: ZDomainEvent,
  Metrics: ZMetrics,
  MarkReview: ZMarkReview,
  Review: ZReview,
  ReviewList: ZReviewList,
  OpenApiDocument: ZOpenApiDocument,
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const combinator = (key: "all" | "any") => ({
  type: "object",
  properties: { [key]: { type: "array", minItems: 1, items: ref("PolicyCondition") } },
  required: [key],
  additionalProperties: false,
});

/**
 * JSON Schema for zod schemas JSON Schema cannot express. A `when` condition is validated by
 * depth-bounded custom schemas (lib/policy/schema-condition.ts) for readable messages; its shape
 * is this recursion, nested at most MAX_CONDITION_DEPTH levels. The leaf is generated from zod.
 */
export const HAND_WRITTEN = new Map<z.core.$ZodType, Record<string, unknown>>([
  [
    ZCondition,
    {
      description: "{field, op, value} | {all: [...]} | {any: [...]} | {not: {...}}; at most 16 levels deep.",
      oneOf: [
        ref("PolicyLeafCondition"),
        combinator("all"),
        combinator("any"),
        { type: "object", properties: { not: ref("PolicyCondition") }, required: ["not"], additionalProperties: false },
      ],
    },
  ],
]);
