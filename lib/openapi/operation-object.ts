import { statusOf } from "../errors";
import type { Operation } from "../http/operation";
import { errorCodesOf } from "./error-codes";
import type { ConvertedSchemas, JsonSchema } from "./json-schemas";
import { securityOf, whoMayCall } from "./security";

const ERROR_REF = { $ref: "#/components/schemas/Error" };

/** One OpenAPI Operation Object from a catalogue entry. */
export function operationObject(operationId: string, operation: Operation, schemas: ConvertedSchemas): JsonSchema {
  const requestBody = requestBodyOf(operation, schemas);
  return {
    operationId,
    summary: operation.summary,
    description: [operation.description, `**Who may call:** ${whoMayCall(operation)}`].filter(Boolean).join("\n\n"),
    tags: operation.tags,
    security: securityOf(operation),
    parameters: [...pathParameters(operation.path), ...queryParameters(operation, schemas), ...headerParameters(operation, schemas)],
    ...(requestBody ? { requestBody } : {}),
    responses: { ...successResponses(operation, schemas), ...errorResponses(operation) },
    // For the reference page and SDK generators: the same facts as `security`, less lossy.
    "x-tollgate-caller": operation.caller,
    ...(operation.role ? { "x-tollgate-role": operation.role } : {}),
    ...(operation.sessionOnly ? { "x-tollgate-session-only": true } : {}),
  };
}

function pathParameters(path: string): JsonSchema[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map(([, name]) => ({
    name,
    in: "path",
    required: true,
    description: "An opaque id; one of another organization answers 404 not_found, like a missing one.",
    schema: { type: "string", minLength: 1 },
  }));
}

function queryParameters(operation: Operation, schemas: ConvertedSchemas): JsonSchema[] {
  if (!operation.query) return [];
  const object = schemas.inlineOf(operation.query) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => {
    const { description, ...schema } = property;
    return {
      name,
      in: "query",
      required: object.required?.includes(name) ?? false,
      ...(description ? { description } : {}),
      schema,
    };
  });
}

function headerParameters(operation: Operation, schemas: ConvertedSchemas): JsonSchema[] {
  return (operation.headers ?? []).map((header) => ({
    name: header.name,
    in: "header",
    required: false,
    description: header.description,
    schema: schemas.inlineOf(header.schema),
  }));
}

function requestBodyOf(operation: Operation, schemas: ConvertedSchemas): JsonSchema | null {
  if (operation.textBody) {
    const content = Object.fromEntries(
      Object.entries(operation.textBody.content).map(([type, schema]) => [type, { schema: schemas.refOf(schema) }]),
    );
    return { required: true, description: operation.textBody.description, content };
  }
  if (!operation.body) return null;
  // route() reads an empty body as {}, so a schema that accepts {} makes the body optional.
  const required = !operation.body.safeParse({}).success;
  const example = operation.example === undefined ? {} : { example: operation.example };
  return { required, content: { "application/json": { schema: schemas.refOf(operation.body), ...example } } };
}

function successResponses(operation: Operation, schemas: ConvertedSchemas): Record<string, JsonSchema> {
  const responses: Record<string, JsonSchema> = {};
  for (const [status, spec] of Object.entries(operation.responses)) {
    if (!spec) continue;
    const content: Record<string, JsonSchema> = {};
    if (spec.schema) content["application/json"] = { schema: schemas.refOf(spec.schema) };
    for (const [type, description] of Object.entries(spec.text ?? {})) content[type] = { schema: { type: "string", description } };
    responses[status] = { description: spec.description, ...(Object.keys(content).length > 0 ? { content } : {}) };
  }
  return responses;
}

/** One response per status, its schema the Error envelope narrowed to the codes this operation can give. */
function errorResponses(operation: Operation): Record<string, JsonSchema> {
  const byStatus = new Map<number, string[]>();
  for (const code of errorCodesOf(operation)) byStatus.set(statusOf(code), [...(byStatus.get(statusOf(code)) ?? []), code]);
  const responses: Record<string, JsonSchema> = {};
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[String(status)] = {
      description: codes.map((code) => `\`${code}\``).join(", "),
      content: {
        "application/json": {
          schema: { allOf: [ERROR_REF, { type: "object", properties: { error: { type: "object", properties: { code: { enum: codes } } } } }] },
        },
      },
    };
  }
  return responses;
}
