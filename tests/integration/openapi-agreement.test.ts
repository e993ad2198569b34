import { beforeAll, describe, expect, it } from "vitest";
import { type OperationId, operations } from "../../lib/http/operations";
import { openApiDocument } from "../../lib/openapi/document";
import { createTestOrg, type TestOrg, type TestUser } from "../factories/org";
import { type ApiResponse, call } from "../helpers/api";
import { execute, executeBody, propose } from "../helpers/intents";
import { deref, documentedOperation, schemaCompiler, wrongValues } from "../helpers/openapi";

// One source of truth, checked from the outside: what the published JSON Schema refuses, the
// live route refuses with 422 naming the same field; what it accepts (the document's own
// examples) the route accepts. The schemas are judged by Ajv, a JSON Schema validator that knows
// nothing of zod, and the routes run against real PostgreSQL.

const doc = openApiDocument().document as any;
const compile = schemaCompiler(doc);

let org: TestOrg;
let agent: { id: string; name: string; key: string };
let member: TestUser;
let intentId: string;

const POLICY = `
version: 1
default: require_approval
rules:
  - id: email
    match: { action: email.send }
    decision: allow
`;

beforeAll(async () => {
  org = await createTestOrg();
  agent = await org.agent();
  member = await org.user("viewer");
  await org.setPolicy(POLICY);
  // Executing, so POST /result can take the document's example.
  const intent = await propose(agent.key, { action: "email.send", payload: { n: 1 } });
  intentId = intent.id;
  expect((await execute(agent.key, intentId, executeBody(intent))).status).toBe(200);
});

interface Sample {
  id: OperationId;
  token?: () => string;
  /** The concrete path, for operations with ids in it. */
  path?: () => string;
}

const admin = () => org.admin.token;
const agentKey = () => agent.key;

const BODY_SAMPLES: Sample[] = [
  { id: "proposeIntent", token: agentKey },
  { id: "requestLease", token: agentKey },
  { id: "createAgent", token: admin },
  { id: "inviteMember", token: admin },
  { id: "updateMember", token: admin, path: () => `/api/v1/members/${member.userId}` },
  { id: "createToken", token: admin },
  { id: "validatePolicy", token: admin },
  { id: "simulatePolicy", token: admin },
  { id: "batchResolve", token: admin },
  { id: "reportIntentResult", token: agentKey, path: () => `/api/v1/intents/${intentId}/result` },
];

const QUERY_SAMPLES: Sample[] = [
  { id: "listIntents", token: agentKey },
  { id: "getIntent", token: agentKey, path: () => `/api/v1/intents/${intentId}` },
  { id: "listApprovals", token: admin },
  { id: "listLeases", token: admin },
  { id: "getMetrics", token: admin },
  { id: "listReviews", token: admin },
  { id: "listAuditEvents", token: admin },
  { id: "exportAuditEvents", token: admin },
  { id: "listPolicyVersions", token: admin },
];

const published = (sample: Sample) => {
  const op = operations[sample.id];
  return { op, doc: documentedOperation(doc, op.method, op.path), path: sample.path?.() ?? op.path };
};

function send(sample: Sample, body?: unknown, query = ""): Promise<ApiResponse> {
  const { op, path } = published(sample);
  return call(op.method, path + query, { token: sample.token?.(), body });
}

/** The route's answer is the contract's 422 validation_failed with an issue at `field` (or naming it). */
function expectRefusedAt(res: ApiResponse, field: string, what: string) {
  expect(res.status, `${what} → ${JSON.stringify(res.body).slice(0, 300)}`).toBe(422);
  expect(res.body.error.code, what).toBe("validation_failed");
  const issues: { path: string[]; message: string }[] = res.body.error.details.issues;
  expect(issues.some((i) => i.path[0] === field || (i.path.length === 0 && i.message.includes(field))), `${what}: ${JSON.stringify(issues)}`).toBe(true);
}

describe.each(BODY_SAMPLES.map((s) => [s.id, s] as const))("%s: the published request schema and the route agree", (_id, sample) => {
  const media = () => published(sample).doc.requestBody.content["application/json"];
  const schema = () => deref(doc, media().schema);

  it("accepts the document's example with a documented success status", async () => {
    const res = await send(sample, media().example);
    const documented = Object.keys(published(sample).doc.responses).filter((s) => s.startsWith("2"));
    expect(documented, JSON.stringify(res.body).slice(0, 300)).toContain(String(res.status));
  });

  it("refuses with 422, naming the field, every body the published schema refuses", async () => {
    const validate = compile(media().schema);
    const example = media().example as Record<string, unknown>;
    const { properties = {}, required = [], additionalProperties } = schema();
    const candidates: [field: string, body: Record<string, unknown>][] = [];
    for (const field of required) candidates.push([field, Object.fromEntries(Object.entries(example).filter(([k]) => k !== field))]);
    if (additionalProperties === false) candidates.push(["not_a_field", { ...example, not_a_field: 1 }]);
    for (const [field, property] of Object.entries(properties)) {
      for (const wrong of wrongValues(doc, property)) candidates.push([field, { ...example, [field]: wrong }]);
    }
    let refused = 0;
    for (const [field, body] of candidates) {
      if (validate(body)) continue; // an anyOf branch admits it: not a refusal to compare
      refused += 1;
      expectRefusedAt(await send(sample, body), field, JSON.stringify(body).slice(0, 200));
    }
    expect(refused, "the schema refused enough variants to mean something").toBeGreaterThanOrEqual(Math.min(3, candidates.length));
  });

  it("lets through validation every body the published schema accepts: the example without each optional field", async () => {
    const validate = compile(media().schema);
    const example = media().example as Record<string, unknown>;
    const { required = [] } = schema();
    for (const field of Object.keys(example).filter((k) => !required.includes(k))) {
      const body = Object.fromEntries(Object.entries(example).filter(([k]) => k !== field));
      expect(validate(body), field).toBe(true);
      const res = await send(sample, body);
      expect([400, 413, 422], `without ${field} → ${JSON.stringify(res.body).slice(0, 300)}`).not.toContain(res.status);
    }
  });
});

/** A query value as a client's OpenAPI tooling would read it back: numbers for numeric schemas. */
function wireValue(schema: any, text: string): unknown {
  const numeric = [schema, ...(schema.anyOf ?? [])].some((s: any) => s.type === "integer" || s.type === "number");
  return numeric && /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
}

describe.each(QUERY_SAMPLES.map((s) => [s.id, s] as const))("%s: the published query parameters and the route agree", (_id, sample) => {
  const params = () => published(sample).doc.parameters.filter((p: any) => p.in === "query");

  it("answers 200 without a query string", async () => {
    expect((await send(sample)).status).toBe(200);
  });

  it("refuses with 422, naming the parameter, every value the published schema refuses", async () => {
    let refused = 0;
    for (const param of params()) {
      const validate = compile(param.schema);
      const texts = wrongValues(doc, param.schema)
        .filter((v) => v !== null && typeof v !== "object")
        .map(String);
      for (const text of texts) {
        if (validate(wireValue(param.schema, text))) continue;
        refused += 1;
        const query = `?${param.name}=${encodeURIComponent(text)}`;
        expectRefusedAt(await send(sample, undefined, query), param.name, query);
      }
    }
    expect(refused).toBeGreaterThanOrEqual(1);
  });

  it("answers 200 to values the published schema accepts (defaults, bounds)", async () => {
    for (const param of params()) {
      const s = param.schema;
      const values = [s.default, s.minimum, s.maximum, s.enum?.[0]].filter((v) => v !== undefined);
      for (const value of values) {
        const query = `?${param.name}=${encodeURIComponent(String(value))}`;
        const res = await send(sample, undefined, query);
        expect(res.status, `${query} → ${JSON.stringify(res.body).slice(0, 200)}`).toBe(200);
      }
    }
  });
});

describe("PUT /api/v1/policy: the published PolicyDocument and the policy parser agree", () => {
  const validate = () => compile({ $ref: "#/components/schemas/PolicyDocument" });
  const put = (document: unknown) =>
    call("PUT", "/api/v1/policy", { token: admin(), rawBody: JSON.stringify(document), headers: { "content-type": "application/json" } });
  const rule = (fields: Record<string, unknown>) => ({ version: 1, rules: [{ id: "a-rule", decision: "allow", ...fields }] });

  it.each([
    [{ version: "one" }],
    [{ default: "maybe" }],
    [{ rules: "none" }],
    [{ extra: true }],
    [{ rules: [{ decision: "allow" }] }],
    [rule({ id: "Not An Id" })],
    [rule({ decision: "perhaps" })],
    [rule({ approvals: 11 })],
    [rule({ approver_role: "owner" })],
    [rule({ match: { action: [] } })],
    [rule({ match: { stage: ["later"] } })],
    [rule({ when: { field: "amount", op: "between", value: 1 } })],
    [rule({ when: { field: "weight", op: "lt", value: 1 } })],
    [rule({ when: { all: [] } })],
    [rule({ when: { any: [{ field: "amount", op: "lt", value: 1 }], all: [{ field: "amount", op: "lt", value: 1 }] } })],
    [rule({ typo: 1 })],
  ])("refuses %j, which the schema refuses, with 422 invalid_policy", async (document) => {
    expect(validate()(document)).toBe(false);
    const res = await put(document);
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.body.error.code).toBe("invalid_policy");
  });

  it("saves a document the schema accepts", async () => {
    const document = rule({ match: { action: "email.*", stage: ["run"] }, when: { not: { field: "context.flag", op: "exists" } }, sla: "1h" });
    expect(validate()(document)).toBe(true);
    const res = await put(document);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.rules).toBe(1);
  });
});
