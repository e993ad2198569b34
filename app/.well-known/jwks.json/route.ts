import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";
import { currentSigningKey, publishedKeys } from "@/lib/signing/signing-keys";

// GET /.well-known/jwks.json — the public signing keys, current and retired (no auth). A new
// database makes its first key here rather than publish an empty set.
export const GET = route(operations.getJwks, async () => {
  await currentSigningKey();
  return { keys: await publishedKeys() };
});
