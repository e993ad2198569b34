import { TollgateError, TollgateNetworkError } from "@tollgate/sdk";
import { CliError, UsageError } from "./command";

interface Issue {
  rule?: string | null;
  field?: string;
  path?: (string | number)[];
  message: string;
  line?: number;
}

/** A policy's or a request's issues, one line each: where (rule, field, line), then what. */
export function printIssues(issues: Issue[]): void {
  for (const issue of issues) {
    const where = [
      issue.rule && `rule ${issue.rule}`,
      issue.field && `field ${issue.field}`,
      issue.path?.length && `${issue.path.join(".")}`,
      issue.line && `line ${issue.line}`,
    ].filter(Boolean);
    console.error(`  ${where.length ? `${where.join(", ")}: ` : ""}${issue.message}`);
  }
}

/**
 * Prints why a command failed on stderr and returns its exit code: 2 for bad usage, 1 for
 * everything else. The API's refusals show its error code first (`step_up_required: …`), so
 * scripts can match on it.
 */
export function reportError(error: unknown, usage?: string): number {
  if (error instanceof UsageError) {
    console.error(`error: ${error.message}${usage ? `\nusage: npm run cli -- ${usage}` : ""}`);
    return 2;
  }
  if (error instanceof CliError) {
    console.error(`error: ${error.message}`);
    return error.exitCode;
  }
  if (error instanceof TollgateError) {
    console.error(`error: ${error.code}: ${error.message}${error.requestId ? ` (request ${error.requestId})` : ""}`);
    const issues = error.details?.issues;
    if (Array.isArray(issues)) printIssues(issues as Issue[]);
    else if (error.details?.reason) console.error(`  reason: ${String(error.details.reason)}`);
    return 1;
  }
  if (error instanceof TollgateNetworkError) {
    console.error(`error: could not reach Tollgate: ${error.message}`);
    return 1;
  }
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  return 1;
}
