import { validationFailed } from "../../errors";
import { webhookSettings } from "../../webhooks/webhook-settings";
import { privateTargetProblem } from "../../webhooks/private-address";

/** 422 for a URL that names a private address while WEBHOOK_ALLOW_PRIVATE_TARGETS is off. */
export function assertTargetAllowed(url: string): void {
  const problem = privateTargetProblem(url, webhookSettings().allowPrivateTargets);
  if (problem) throw validationFailed([{ path: ["url"], message: problem }]);
}
