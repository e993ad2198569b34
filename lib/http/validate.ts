import type { z } from "zod";
import { validationFailed } from "../errors";

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
  return Object.fromEntries(url.searchParams.entries());
}
