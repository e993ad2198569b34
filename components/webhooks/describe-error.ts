import type { ApiErrorBody } from "@/lib/client/api-request";

/** Error text for a failed request: a validation issue names its field. */
export function describeError(error: ApiErrorBody): string {
  const issue = (error.details?.issues as { path: string[]; message: string }[] | undefined)?.[0];
  return issue ? `${issue.path.join(".") || "request"}: ${issue.message}` : error.message;
}
