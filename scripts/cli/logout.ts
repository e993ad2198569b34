import { Tollgate, isTollgateError } from "@tollgate/sdk";
import { defineCommand } from "./command";
import { credentialsPath, readCredentials, removeCredentials } from "./credentials";
import { USER_AGENT } from "./session";

export const logout = defineCommand({
  usage: "logout",
  help: `
Revokes the saved token on the server (DELETE /api/v1/tokens/{id}), so a copy of the file is
worthless too, then deletes the credentials file. If the server cannot be reached or the token is
already dead, the file is deleted anyway and you are told. TOLLGATE_TOKEN is not touched.`,
  options: {},
  async run() {
    const file = credentialsPath();
    const saved = readCredentials(file);
    if (!saved) {
      console.log(`Not logged in (no ${file}).`);
      return 0;
    }
    const client = new Tollgate({ baseUrl: saved.url, token: saved.token, userAgent: USER_AGENT });
    let revoked: string;
    try {
      let current: string | undefined;
      for await (const token of client.tokens.listAll()) if (token.current) current = token.id;
      if (current) await client.tokens.revoke(current);
      revoked = current ? "the token was revoked" : "the token was not found on the server";
    } catch (error) {
      revoked = isTollgateError(error, "unauthorized")
        ? "the token was already invalid"
        : `the token could not be revoked (${error instanceof Error ? error.message : String(error)}); revoke it on the dashboard`;
    }
    removeCredentials(file);
    console.log(`Logged out of ${saved.url}: ${revoked}, and ${file} was deleted.`);
    return 0;
  },
});
