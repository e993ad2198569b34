import { z } from "zod";
import { contract } from "../schemas/registry";
import { type Op, OPS, TOP_LEVEL_FIELDS } from "./types";

// `when` conditions: {field, op, value?} | {all: [...]} | {any: [...]} | {not: {...}}.
// A plain z.union would answer "Invalid input" to any mistake, so the shape is picked by its
// keys and validated against that shape alone, which yields messages like
// `when.all[0].op must be one of eq, ne, …`. One schema per depth bounds the recursion (and
// so the stack) at MAX_CONDITION_DEPTH, however deep the submitted document goes.

export const MAX_CONDITION_DEPTH = 16;
const MAX_VALUE_DEPTH = 32;

export type TLeafCondition = { field: string; op: Op; value?: unknown };
export type TCondition = TLeafCondition | { all: TCondition[] } | { any: TCondition[] } | { not: TCondition };

export const CONDITION_FIELD = new RegExp(`^(?:${TOP_LEVEL_FIELDS.join("|")}|(?:payload|context)(?:\\.[^.]+)+)$`);

export const ZLeafCondition = z.strictObject({
  field: z
    .string()
    .regex(CONDITION_FIELD, `must be one of ${TOP_LEVEL_FIELDS.join(", ")}, or payload.<path> or context.<path>`),
  op: z.enum(OPS),
  value: z.unknown().optional(),
}).register(contract, { id: "PolicyLeafCondition" });

const COMBINATORS = ["all", "any", "not"] as const;
type Combinator = (typeof COMBINATORS)[number];
type Shapes = Record<Combinator, z.ZodType>;

const conditionByDepth: z.ZodType<TCondition>[] = [];
const shapesByDepth: Shapes[] = [];

function conditionAt(depth: number): z.ZodType<TCondition> {
  let schema = conditionByDepth[depth];
  if (!schema) {
    schema = z.custom<TCondition>().superRefine((value, ctx) => checkCondition(value, depth, ctx));
    conditionByDepth[depth] = schema;
  }
  return schema;
}

function shapesAt(depth: number): Shapes {
  let shapes = shapesByDepth[depth];
  if (!shapes) {
    const child = conditionAt(depth + 1);
    shapes = {
      all: z.strictObject({ all: z.array(child).min(1) }),
      any: z.strictObject({ any: z.array(child).min(1) }),
      not: z.strictObject({ not: child }),
    };
    shapesByDepth[depth] = shapes;
  }
  return shapes;
}

export const ZCondition: z.ZodType<TCondition> = conditionAt(1).register(contract, { id: "PolicyCondition" });

function checkCondition(value: unknown, depth: number, ctx: z.RefinementCtx): void {
  const add = (message: string, path: PropertyKey[] = []) => ctx.addIssue({ code: "custom", message, path });
  if (!isRecord(value)) {
    add("must be a condition: {field, op, value}, {all: [...]}, {any: [...]} or {not: {...}}");
    return;
  }
  if (depth > MAX_CONDITION_DEPTH) {
    add(`must not nest deeper than ${MAX_CONDITION_DEPTH} levels`);
    return;
  }
  const forms: string[] = COMBINATORS.filter((k) => Object.hasOwn(value, k));
  const isLeaf = Object.hasOwn(value, "field") || Object.hasOwn(value, "op") || Object.hasOwn(value, "value");
  if (isLeaf) forms.unshift("field/op");
  if (forms.length !== 1) {
    add(
      forms.length === 0
        ? "must have field and op, or one of all, any, not"
        : `must use exactly one form, field/op, all, any or not (found ${forms.join(", ")})`,
    );
    return;
  }
  const schema = isLeaf ? ZLeafCondition : shapesAt(depth)[forms[0] as Combinator];
  const result = schema.safeParse(value);
  if (!result.success) {
    for (const issue of result.error.issues) ctx.addIssue(issue as Parameters<typeof ctx.addIssue>[0]);
  }
  if (isLeaf && typeof value.op === "string" && (OPS as readonly string[]).includes(value.op)) {
    const problem = valueProblem(value.op as Op, value.value, Object.hasOwn(value, "value"));
    if (problem) add(problem, ["value"]);
  }
}

// What each operator needs in `value`; null when it is fine.
function valueProblem(op: Op, value: unknown, present: boolean): string | null {
  switch (op) {
    case "lt":
    case "lte":
    case "gt":
    case "gte":
      if (!present) return `is required for op ${op}`;
      return typeof value === "number" && Number.isFinite(value) ? null : `must be a finite number for op ${op}`;
    case "in":
    case "nin":
      if (!present) return `is required for op ${op}`;
      return Array.isArray(value) ? jsonProblem(value, 1) : `must be a list for op ${op}`;
    case "matches":
      if (!present) return "is required for op matches";
      return typeof value === "string" ? null : "must be a string (a glob) for op matches";
    case "exists":
      return !present || typeof value === "boolean" ? null : "must be true or false for op exists";
    case "eq":
    case "ne":
      if (!present) return `is required for op ${op}`;
      return jsonProblem(value, 1);
  }
}

function jsonProblem(value: unknown, depth: number): string | null {
  if (value === null || typeof value === "string" || typeof value === "boolean") return null;
  if (typeof value === "number") return Number.isFinite(value) ? null : "must not contain non-finite numbers";
  if (depth > MAX_VALUE_DEPTH) return `must not nest deeper than ${MAX_VALUE_DEPTH} levels`;
  if (Array.isArray(value)) {
    for (const item of value) {
      const problem = jsonProblem(item, depth + 1);
      if (problem) return problem;
    }
    return null;
  }
  if (isRecord(value) && isPlainPrototype(value)) {
    for (const key of Object.keys(value)) {
      const problem = jsonProblem(value[key], depth + 1);
      if (problem) return problem;
    }
    return null;
  }
  return "must be a JSON value (string, number, boolean, null, list or object)";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isPlainPrototype(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
