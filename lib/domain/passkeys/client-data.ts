import { AppError } from "../../errors";

/** The challenge a browser signed, read from the response's clientDataJSON. */
export function challengeOf(response: { response?: { clientDataJSON?: unknown } }): string {
  try {
    const json = JSON.parse(Buffer.from(String(response.response?.clientDataJSON ?? ""), "base64url").toString("utf8")) as { challenge?: unknown };
    if (typeof json.challenge === "string" && json.challenge) return json.challenge;
  } catch {
    // fall through
  }
  throw new AppError("validation_failed", "The passkey response has no readable clientDataJSON", { issues: [{ path: ["response", "clientDataJSON"], message: "unreadable" }] });
}
