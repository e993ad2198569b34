import type { Principal } from "../auth/principal";
import { clientAddress } from "./client-address";
import type { Operation } from "./operation";
import { consume, consumeInTurn } from "./rate-limit";
import { passkeyOptionsPerAddress, proposePerAddress, proposePerKey, tokensPerAddress } from "./rate-limits";

/**
 * The limits of an operation's `rateLimit` kind, counted before its body is read: proposals per
 * agent key and per client address (several agents may share a host); token requests and public
 * passkey sign-in options (each stores a challenge) per address. A proposal's two limits are one
 * statement; the address is counted only when the key's limit admitted it.
 */
export async function applyRateLimits(kind: NonNullable<Operation["rateLimit"]>, auth: Principal | undefined, req: Request): Promise<void> {
  const address = clientAddress(req);
  if (kind === "token") return consume(tokensPerAddress(), address);
  if (kind === "passkey") return consume(passkeyOptionsPerAddress(), address);
  if (auth?.kind === "agent") return consumeInTurn([[proposePerKey(), auth.agentId], [proposePerAddress(), address]]);
  return consume(proposePerAddress(), address);
}
