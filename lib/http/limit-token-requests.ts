import { clientAddress } from "./client-address";
import { consume } from "./rate-limit";
import { tokensPerAddress } from "./rate-limits";

/** Token endpoints (password login, new personal access tokens): limited per client address. */
export async function limitTokenRequests(req: Request): Promise<void> {
  await consume(tokensPerAddress(), clientAddress(req));
}
