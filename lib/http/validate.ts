import type { z } from "zod";
import { validationFailed } from "../errors";
import { UNSTORABLE_MESSAGE, isStorableText } from "../storable-text";

/** zod parse that fails with the contract's 422 validation_failed and one issue per problem. */
export function validate<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw validationFailed(
    result.error.issues.map((issue) => ({ path: issue.path.map(String), message: issue.message })),
  );
}

/** Query string as a plain object (last value wins), for validation like a body. */
export function queryObject(url: URL): Record<string, string> {
  return storableValues(Object.fromEntries(url.searchParams.entries()));
}

/**
 * Query values and path segments reach SQL as they are, so what PostgreSQL cannot store (NUL,
 * lone surrogates) is refused as a 422 here rather than failing in the database as a 500.
 */
export function storableValues(values: Record<string, string>): Record<string, string> {
  const issues = Object.entries(values)
    .filter(([key, value]) => !isStorableText(key) || !isStorableText(value))
    .map(([key]) => ({ path: [key], message: UNSTORABLE_MESSAGE }));
  if (issues.length > 0) throw validationFailed(issues);
  return values;
}
