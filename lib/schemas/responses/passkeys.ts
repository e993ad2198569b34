import { z } from "zod";
import { contract } from "../registry";
import { ZNullableTimestamp, ZTimestamp } from "./common";

export const ZPasskey = z.object({
  id: z.string(),
  name: z.string(),
  transports: z.array(z.string()),
  created_at: ZTimestamp,
  last_used_at: ZNullableTimestamp,
}).register(contract, { id: "Passkey" });

export const ZPasskeyList = z.object({ items: z.array(ZPasskey) }).register(contract, { id: "Passkeys" });

export const ZPasskeyRemoved = z.object({ id: z.string(), removed: z.literal(true) }).register(contract, { id: "PasskeyRemoved" });

/**
 * WebAuthn options as @simplewebauthn/server generates them, for @simplewebauthn/browser
 * (PublicKeyCredentialCreationOptionsJSON or …RequestOptionsJSON): open-ended by design.
 */
export const ZWebAuthnOptions = z.looseObject({
  challenge: z.string().describe("base64url; single-use, valid 5 minutes."),
}).register(contract, { id: "WebAuthnOptions" });
