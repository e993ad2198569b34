// Reading JSON Schemas of the OpenAPI document back as text, for the API reference page:
// a short type label per schema and one row per field of an object.

// biome-ignore lint/suspicious/noExplicitAny: a JSON Schema node is read field by field, whatever its shape
export type Schema = Record<string, any>;

export interface Field {
  name: string;
  type: TypeLabel;
  required: boolean;
  description?: string;
  /** Bounds, pattern, default, … as short phrases. */
  notes: string[];
}

/** A type as text, with the component it names (for a link), if any. */
export interface TypeLabel {
  text: string;
  refs: string[];
}

export const refName = (ref: string) => ref.split("/").pop()!;

/** "string", "Intent", "array of AuditEvent", "allow | deny", "integer | null", … */
export function typeLabel(schema: Schema | undefined): TypeLabel {
  if (!schema || Object.keys(schema).length === 0 || (Object.keys(schema).length === 1 && schema.description)) return { text: "any", refs: [] };
  if (schema.$ref) return { text: refName(schema.$ref), refs: [refName(schema.$ref)] };
  const branches: Schema[] | undefined = schema.anyOf ?? schema.oneOf;
  if (branches) return join(branches.map(typeLabel));
  if (schema.allOf) return join(schema.allOf.map(typeLabel), " & ");
  if (schema.const !== undefined) return { text: JSON.stringify(schema.const), refs: [] };
  if (schema.enum) return { text: schema.enum.map((v: unknown) => (typeof v === "string" ? v : JSON.stringify(v))).join(" | "), refs: [] };
  if (schema.type === "array") {
    const item = typeLabel(schema.items);
    return { text: `array of ${item.text}`, refs: item.refs };
  }
  if (schema.type === "object" && !schema.properties && schema.additionalProperties && typeof schema.additionalProperties === "object") {
    const value = typeLabel(schema.additionalProperties);
    return { text: value.text === "any" ? "object" : `map of ${value.text}`, refs: value.refs };
  }
  if (Array.isArray(schema.type)) return { text: schema.type.join(" | "), refs: [] };
  if (schema.type === "string" && schema.format) return { text: `string (${schema.format})`, refs: [] };
  return { text: schema.type ?? "any", refs: [] };
}

function join(labels: TypeLabel[], separator = " | "): TypeLabel {
  return { text: labels.map((l) => l.text).join(separator), refs: labels.flatMap((l) => l.refs) };
}

/** Constraints worth a reader's eye, as short phrases. */
export function notesOf(schema: Schema): string[] {
  const s = schema.anyOf?.find((b: Schema) => b.type !== "null") ?? schema;
  const notes: string[] = [];
  if (schema.default !== undefined) notes.push(`default ${JSON.stringify(schema.default)}`);
  if (s.minLength !== undefined || s.maxLength !== undefined) notes.push(range("characters", s.minLength, s.maxLength));
  if (s.minItems !== undefined || s.maxItems !== undefined) notes.push(range("items", s.minItems, s.maxItems));
  if (s.minimum !== undefined) notes.push(`≥ ${s.minimum}`);
  if (s.exclusiveMinimum !== undefined) notes.push(`> ${s.exclusiveMinimum}`);
  if (s.maximum !== undefined && Math.abs(s.maximum) < Number.MAX_SAFE_INTEGER) notes.push(`≤ ${s.maximum}`);
  if (s.exclusiveMaximum !== undefined) notes.push(`< ${s.exclusiveMaximum}`);
  if (s.pattern && s.pattern.length <= 40) notes.push(`pattern ${s.pattern}`);
  return notes;
}

function range(unit: string, min?: number, max?: number): string {
  if (min !== undefined && max !== undefined) return `${min}–${max} ${unit}`;
  return min !== undefined ? `at least ${min} ${unit}` : `at most ${max} ${unit}`;
}

/** The fields of an object schema; [] for anything else (a union, an array, a scalar). */
export function fieldsOf(schema: Schema | undefined): Field[] {
  if (!schema?.properties) return [];
  const required: string[] = schema.required ?? [];
  return Object.entries(schema.properties as Record<string, Schema>).map(([name, property]) => ({
    name,
    type: typeLabel(property),
    required: required.includes(name),
    description: property.description ?? property.anyOf?.find((b: Schema) => b.description)?.description,
    notes: notesOf(property),
  }));
}
