import { db } from "./client";

/** Models whose rows belong to one organization (they carry org_id); tests/unit/tenant-models.test.ts holds this to the schema. */
export const TENANT_MODELS = new Set([
  "Membership", "Agent", "ApiToken", "PolicyVersion", "Intent", "Approval", "DecisionLog",
  "ExecutionToken", "AuditEvent", "AuditPending", "AuditHead", "AuditCheckpoint", "Event", "Lease", "Webhook", "WebhookDelivery", "WebhookDeliveryAttempt",
  "Review", "ShadowHit", "IntentDayCount", "MetricSealedDay", "Invitation", "CredentialHash",
  "ReviewerGroup", "ReviewerGroupMember", "NotificationJob", "Notification", "NotificationSetting",
  "SlackConnection", "SlackMessage", "SlackReplay",
]);

const WHERE_OPERATIONS = new Set([
  "findUnique", "findUniqueOrThrow", "findFirst", "findFirstOrThrow", "findMany", "count",
  "aggregate", "groupBy", "update", "updateMany", "updateManyAndReturn", "delete", "deleteMany",
]);

// biome-ignore lint/suspicious/noExplicitAny: Prisma operation arguments vary per model and operation
type Args = any;

function scopeArgs(operation: string, args: Args, orgId: string): Args {
  const scoped = { ...args };
  if (WHERE_OPERATIONS.has(operation)) scoped.where = { ...args?.where, orgId };
  if (operation === "create") scoped.data = { ...args.data, orgId };
  if (operation === "createMany" || operation === "createManyAndReturn") {
    const rows = Array.isArray(args.data) ? args.data : [args.data];
    scoped.data = rows.map((row: Args) => ({ ...row, orgId }));
  }
  if (operation === "upsert") {
    scoped.where = { ...args.where, orgId };
    scoped.create = { ...args.create, orgId };
  }
  return scoped;
}

function scopedClient(orgId: string) {
  if (!orgId) throw new Error("orgDb() needs the caller's organization id");
  return db().$extends({
    name: `org-scope`,
    query: {
      $allModels: {
        $allOperations({ model, operation, args, query }) {
          return query(TENANT_MODELS.has(model) ? scopeArgs(operation, args, orgId) : args);
        },
      },
    },
  });
}

export type OrgDb = ReturnType<typeof scopedClient>;

/**
 * The unique key of one tenant row: every tenant table's primary key is (org_id, id), so a sharded
 * PostgreSQL can place an organization's rows together (docs/scale-out.md).
 */
export const rowKey = (orgId: string, id: string) => ({ orgId_id: { orgId, id } });
export type OrgTx = Parameters<Parameters<OrgDb["$transaction"]>[0]>[0];

/**
 * The only door domain code uses to reach tenant data: every where clause and every created row
 * gets the caller's org id, so a forgotten scope cannot be written. Nested writes are not scoped:
 * create related rows with their own calls. Raw SQL is not scoped: build it with orgSql (sql.ts), which binds org_id.
 */
export function orgDb(orgId: string): OrgDb {
  return scopedClient(orgId);
}

/** An interactive transaction over the org-scoped client (or the org's); everything inside commits or nothing does. */
export function inOrgTx<T>(org: string | OrgDb, work: (tx: OrgTx) => Promise<T>): Promise<T> {
  return (typeof org === "string" ? orgDb(org) : org).$transaction(work, { maxWait: 10_000, timeout: 20_000 });
}
