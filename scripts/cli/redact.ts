import type { Intent } from "@tollgate/sdk";

/** An intent as the CLI shows it: everything but an execution token, which is the agent's alone to use. */
export function withoutToken(intent: Intent): Omit<Intent, "execution_token"> {
  const { execution_token: _token, ...rest } = intent;
  return rest;
}
