// The columns the history writes, per table (prisma/schema.prisma; the migrations name them).
import type { TableSpec } from "./bulk-insert";

const spec = (table: string, columns: string): TableSpec => ({ table, columns: columns.replace(/\s+/g, " ").trim() });

export const WEBHOOKS = spec("webhooks", `id text, org_id text, url text, events text[], secret_encrypted text, active boolean,
  created_at timestamp(3), updated_at timestamp(3)`);

export const LEASES = spec("leases", `id text, org_id text, agent_id text, status "LeaseStatus", capabilities text[], destinations text[],
  spend_limit numeric, spend_currency text, spend_window_seconds int, ttl_seconds int, purpose text, depth int, request_intent_id text,
  approved_scope jsonb, request_hash text, activated_at timestamp(3), expires_at timestamp(3), created_at timestamp(3),
  approval_count int, approval_role "Role", approval_step_up boolean`);

export const INTENTS = spec("intents", `id text, org_id text, agent_id text, status "IntentStatus", action text, stage "Stage",
  environment text, destination text, amount numeric, currency text, risk_tags text[], payload jsonb, payload_hash text, summary jsonb,
  rationale text, context jsonb, lease_id text, request_hash text, outcome "Outcome", rule_id text, reason text, reason_code text,
  policy_snapshot text, approvals_required int, approver_role "Role", step_up_required boolean, sla_deadline timestamp(3), on_timeout text,
  recommendation text, sampled_rule_id text, resolved_at timestamp(3), executable_at timestamp(3), expires_at timestamp(3),
  executed_at timestamp(3), completed_at timestamp(3), result_output jsonb, result_error text, created_at timestamp(3), updated_at timestamp(3)`);

export const EXECUTION_TOKENS = spec("execution_tokens", `id text, org_id text, intent_id text, token_hash text, payload_hash text,
  policy_snapshot text, expires_at timestamp(3), used_at timestamp(3), created_at timestamp(3)`);

export const APPROVALS = spec("approvals", `id text, org_id text, intent_id text, user_id text, decision text, reason text, note text,
  via text, credential_id text, created_at timestamp(3), intent_created_at timestamp(3), action text, environment text, agent_id text`);

export const DECISION_LOGS = spec("decision_logs", `id text, org_id text, intent_id text, kind text, actor_type text, actor_id text,
  reason text, note text, policy_snapshot text, data jsonb, at timestamp(3)`);

export const SHADOW_HITS = spec("shadow_hits", `id text, org_id text, intent_id text, rule_id text, outcome "Outcome", reason_code text,
  error boolean, action text, environment text, agent_id text, created_at timestamp(3)`);

export const REVIEWS = spec("reviews", `id text, org_id text, intent_id text, rule_id text, verdict text, note text, reviewer_id text,
  reviewed_at timestamp(3), created_at timestamp(3)`);

export const EVENTS = spec("events", "id text, org_id text, type text, data jsonb, created_at timestamp(3)");

export const DELIVERIES = spec("webhook_deliveries", `id text, org_id text, webhook_id text, event_id text, event_type text,
  status "WebhookDeliveryStatus", attempts int, round_attempts int, next_attempt_at timestamp(3), last_status_code int, last_error text,
  last_attempt_at timestamp(3), delivered_at timestamp(3), failed_at timestamp(3), created_at timestamp(3), updated_at timestamp(3)`);

export const ATTEMPTS = spec("webhook_delivery_attempts", `id text, org_id text, delivery_id text, number int, worker text,
  started_at timestamp(3), finished_at timestamp(3), status_code int, error text, duration_ms int`);

export const AUDIT_EVENTS = spec("audit_events", `id text, org_id text, seq int, at timestamp(3), actor_type text, actor_id text, type text,
  subject_type text, subject_id text, data jsonb, prev_hash text, hash text`);

/** The columns a backdated setup event changes. */
export const AUDIT_RELINK = spec("audit_events", "id text, seq int, at timestamp(3), prev_hash text, hash text");
