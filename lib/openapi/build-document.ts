import type { Operation } from "../http/operation";
import { convertSchemas, type JsonSchema } from "./json-schemas";
import { operationObject } from "./operation-object";
import { SECURITY_SCHEMES } from "./security";

const TAG_DESCRIPTIONS: Record<string, string> = {
  Intents: "Agents propose what they want to do; the policy allows, denies, or sends it to a human. Execution needs the single-use token.",
  Approvals: "The human queue: approve, reject, batch, passkey step-up.",
  Leases: "Time- and scope-bounded authority an agent asks for once instead of per action.",
  Policy: "The organization's versioned policy document: save, read, validate, simulate.",
  Members: "People in the organization and their roles (viewer < approver < publisher < admin).",
  Agents: "Agent identities and their API keys.",
  Auth: "Sign-in, personal access tokens, who am I.",
  Passkeys: "WebAuthn credentials for sign-in and step-up; managed from the dashboard.",
  Webhooks: "Signed HTTP callbacks for domain events, delivered at least once, with a delivery log and redelivery.",
  Audit: "The hash-chained audit trail.",
  Metrics: "How decisions were made and resolved over a window.",
  Reviews: "Sampled auto-allowed decisions, judged afterwards.",
  Events: "Live domain events.",
  Notifications: "Email and Slack: what reaches each member, the delivery log and dev mailbox, the Slack connection.",
  Meta: "About this API.",
};

const DESCRIPTION = `The human-approval layer for AI agents. An agent proposes an intent; a versioned policy allows it,
denies it, or sends it to a human; the agent executes only with a single-use token bound to the exact payload.

- JSON in, JSON out (UTF-8). Request bodies over 256 KiB: \`413 payload_too_large\`.
- Errors always look like \`{"error": {"code", "message", "details"?}}\` (the \`Error\` schema). Malformed JSON is
  \`400 invalid_json\`; schema violations are \`422 validation_failed\` with \`details.issues\` [{path, message}].
  Any route may also answer \`503 service_unavailable\` while the database is unreachable (retry).
- \`Authorization: Bearer <token>\`: \`tg_agent_…\` agent keys or \`tg_user_…\` member tokens. Missing or invalid:
  \`401 unauthorized\`; wrong kind or too low a role: \`403 forbidden\`. An id of another organization answers
  like a missing one: \`404 not_found\`.
- Lists take \`?limit=\` (default 50, max 200) and \`?cursor=\` and answer \`{"items": [...], "next_cursor": "…" | null}\`.
- Ids are opaque strings; times are RFC 3339 UTC.`;

/** The OpenAPI 3.1 document of the given catalogue entries, built from their zod schemas. */
export function buildDocument(entries: [string, Operation][], version: string): JsonSchema {
  const schemas = convertSchemas();
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const tags: string[] = [];
  for (const [operationId, operation] of entries) {
    paths[operation.path] ??= {};
    paths[operation.path][operation.method.toLowerCase()] = operationObject(operationId, operation, schemas);
    for (const tag of operation.tags) if (!tags.includes(tag)) tags.push(tag);
  }
  return {
    openapi: "3.1.1",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: {
      title: "Tollgate API",
      version,
      description: DESCRIPTION,
    },
    servers: [{ url: "/", description: "This Tollgate instance" }],
    tags: tags.map((name) => ({ name, ...(TAG_DESCRIPTIONS[name] ? { description: TAG_DESCRIPTIONS[name] } : {}) })),
    paths,
    components: { schemas: schemas.components, securitySchemes: SECURITY_SCHEMES },
  };
}
