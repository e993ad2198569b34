import type { AgentPrincipal } from "../auth/principal";
import { clientAddress } from "./client-address";
import { consume } from "./rate-limit";
import { proposePerAddress, proposePerKey } from "./rate-limits";

/** POST /intents limits: per agent key, and per client address for every key together. */
export async function limitProposals(auth: AgentPrincipal, req: Request): Promise<void> {
  await consume(proposePerKey(), auth.agentId);
  await consume(proposePerAddress(), clientAddress(req));
}
